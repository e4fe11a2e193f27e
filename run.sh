#!/usr/bin/env bash
# Starts LearnHub with its demo content: installs what is missing, builds, migrates, serves.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"

scripts/install-packages.sh ffmpeg fonts-noto-cjk fonts-wqy-microhei poppler-utils espeak-ng
scripts/frontend.sh
dotnet build src/LearnHub.Web/LearnHub.Web.csproj -c Release -nologo -v quiet

export LEARNHUB_DATA="$(realpath -m "${LEARNHUB_DATA:-$root/data}")"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5000}"

# The demo is dated from the day it is loaded (China time, or LearnHub__TimeZone). A demo loaded on an
# earlier day, or with a database begun by migrations since squashed into another baseline, is moved aside,
# not deleted, so every start shows a demo of today with a session under way; LEARNHUB_KEEP_DEMO=1 keeps it.
today="$(TZ="${LearnHub__TimeZone:-Asia/Shanghai}" date +%F)"
baselines=(src/LearnHub.Courses/Data/Migrations/Sqlite/*_*.cs)
baseline="$(basename "${baselines[0]}")"
baseline="${baseline%%_*}"
marker="$LEARNHUB_DATA/demo-day"
loaded=""
if [ -f "$marker" ]; then loaded="$(cat "$marker")"; elif [ -f "$LEARNHUB_DATA/learnhub.db" ]; then loaded=undated; fi
if [ -n "$loaded" ] && [ "$loaded" != "$today $baseline" ] && [ -z "${LEARNHUB_KEEP_DEMO:-}" ]; then
  aside="$LEARNHUB_DATA.${loaded%% *}"
  [ -e "$aside" ] && aside="$aside.$$"
  mv "$LEARNHUB_DATA" "$aside"
  echo "The demo in $LEARNHUB_DATA was loaded on another day or an older schema (${loaded%% *}); it is kept in $aside and a demo of today is loaded."
fi
mkdir -p "$LEARNHUB_DATA"
[ -f "$marker" ] || echo "$today $baseline" > "$marker"

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
