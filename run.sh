#!/usr/bin/env bash
# Starts LearnHub with its demo content: installs what is missing, builds, migrates, serves.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"

scripts/install-packages.sh ffmpeg fonts-noto-cjk fonts-wqy-microhei poppler-utils
scripts/frontend.sh
dotnet build src/LearnHub.Web/LearnHub.Web.csproj -c Release -nologo -v quiet

export LEARNHUB_DATA="$(realpath -m "${LEARNHUB_DATA:-$root/data}")"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5000}"
mkdir -p "$LEARNHUB_DATA"

cat <<INFO

LearnHub is starting on $ASPNETCORE_URLS (data in $LEARNHUB_DATA)
Demo accounts (password: ${LEARNHUB_DEMO_PASSWORD:+the one in LEARNHUB_DEMO_PASSWORD}${LEARNHUB_DEMO_PASSWORD:-LearnHub-demo-2026}):
  admin@learnhub.example       Administrator
  lecturer@learnhub.example    Lecturer
  supervisor@learnhub.example  Supervisor (省科学技术协会)
  trainee@learnhub.example     Trainee (Party secretary, 省人工智能学会)

INFO

# The content root is the web project, so wwwroot and the content/ folder above it are found.
cd src/LearnHub.Web
exec dotnet bin/Release/net10.0/LearnHub.Web.dll --LearnHub:Demo=true
