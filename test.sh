#!/usr/bin/env bash
# Lints the front-end scripts, builds LearnHub with warnings as errors and runs every unit, integration and
# end-to-end test.
# Installs what the tests need (ffmpeg, Chromium, PostgreSQL, Redis, nginx, CJK fonts, faketime) from Debian's packages
# and the SMTP server the mail tests deliver to (smtp4dev) from NuGet.
# The unit and integration tests run twice: on the machine's clock, then under faketime at 00:30 on the coming
# New Year's Day in China (still New Year's Eve in UTC) with the server's zone set to Los Angeles, so a test
# or a piece of LearnHub that reads today's date or the server's zone fails here.
# The last line is the summary: "N passed, N failed[, N skipped]".
#
# ./test.sh --fast is the developer's tier: it builds and runs only the tests that need no ffmpeg, no browser and
# no server beside LearnHub and leaves out the demo loaded on six awkward days (trait Category = MediaTools, Browser,
# Servers or Demo), once, on the machine's clock. It installs nothing and lints nothing; the full run is what CI does.
set -uo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
# Every host the tests start watches its settings files. Polling instead of inotify keeps the dozens of hosts a run
# starts within the machine's inotify instance limit (128 per user by default), whatever else the machine runs.
export DOTNET_USE_POLLING_FILE_WATCHER=true

summary() { echo "$1 passed, $2 failed${3:+, $3 skipped}"; }

fast=0
case "${1:-}" in
  --fast) fast=1 ;;
  "") ;;
  *) echo "Usage: ./test.sh [--fast]"; summary 0 1; exit 2 ;;
esac

if [ "$fast" = 0 ] && ! scripts/install-packages.sh ffmpeg chromium fonts-noto-cjk fonts-wqy-microhei poppler-utils postgresql redis-server nginx faketime espeak-ng; then
  echo "Could not install the Debian packages the tests need."
  summary 0 1; exit 1
fi
if [ "$fast" = 0 ] && ! scripts/frontend.sh; then
  echo "Could not install the front-end packages from npm."
  summary 0 1; exit 1
fi

[ "$fast" = 0 ] && echo "== lint (eslint on src/LearnHub.Web/wwwroot/js)"
if [ "$fast" = 0 ] && ! npm run --silent --prefix src/LearnHub.Web lint; then
  echo "The front-end scripts do not pass eslint (above: file, line, rule); 'npm run lint' in src/LearnHub.Web repeats it."
  summary 0 1; exit 1
fi

# The S3-compatible server the Media tests store renditions in (s3rver, run with node).
if [ "$fast" = 0 ] && { [ ! -d tests/s3rver/node_modules/s3rver ] || [ tests/s3rver/package.json -nt tests/s3rver/node_modules ]; }; then
  if ! npm ci --prefix tests/s3rver --no-audit --no-fund --loglevel=error; then
    echo "Could not install the S3 test server (s3rver) from npm."
    summary 0 1; exit 1
  fi
fi

# The SMTP server the mail tests deliver to (smtp4dev, a dotnet tool from NuGet kept in .tools/, ignored by git).
if [ "$fast" = 0 ] && [ ! -x .tools/smtp4dev/smtp4dev ]; then
  if ! dotnet tool install Rnwood.Smtp4dev --version 3.15.0 --tool-path .tools/smtp4dev; then
    echo "Could not install the SMTP test server (smtp4dev) from NuGet."
    summary 0 1; exit 1
  fi
fi

echo "== build (warnings are errors)"
if ! dotnet build LearnHub.sln -c Release -nologo -v quiet -warnaserror; then
  summary 0 1; exit 1
fi

work="$(mktemp -d /tmp/learnhub-test.XXXXXX)"
chmod 755 "$work"
pg_port=$((20000 + RANDOM % 20000))
cleanup() { scripts/postgres.sh stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT
if [ "$fast" = 1 ]; then
  :
elif LEARNHUB_TEST_POSTGRES="$(scripts/postgres.sh start "$work/pg" "$pg_port")"; then
  export LEARNHUB_TEST_POSTGRES
  echo "== PostgreSQL on 127.0.0.1:$pg_port"
else
  echo "PostgreSQL did not start; the provider test will fail."
fi

results="$work/results"
status=0
projects=(tests/LearnHub.Courses.Tests tests/LearnHub.Media.Tests tests/LearnHub.Web.Tests e2e/LearnHub.E2E)
filter=()
if [ "$fast" = 1 ]; then
  projects=(tests/LearnHub.Courses.Tests tests/LearnHub.Media.Tests tests/LearnHub.Web.Tests)
  filter=(--filter "Category!=MediaTools&Category!=Browser&Category!=Servers&Category!=Demo")
fi
started=$SECONDS
for project in "${projects[@]}"; do
  name="$(basename "$project")"
  echo "== $name"
  if ! dotnet test "$project" -c Release --no-build -nologo "${filter[@]}" \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results"; then
    status=1
  fi
  if [ ! -f "$results/$name.trx" ]; then
    echo "$name produced no results (it did not build or crashed)."
    echo "$name" >> "$work/missing"
  fi
done

[ "$fast" = 1 ] && echo "== the fast tier's tests ran in $((SECONDS - started)) s"

shifted="$(( $(date -u +%Y) + 1 ))-12-31 16:30:00"
shifted_projects=(tests/LearnHub.Courses.Tests tests/LearnHub.Media.Tests tests/LearnHub.Web.Tests)
[ "$fast" = 1 ] && shifted_projects=()
for project in "${shifted_projects[@]}"; do
  name="$(basename "$project")-shifted"
  echo "== $name (faketime @$shifted UTC, TZ=America/Los_Angeles)"
  # The deployment journey (two nodes behind nginx: a minute and a half) runs on the machine's clock only; the dates and
  # the zone it passes through are the ones the tests of each part check under faketime.
  if ! TZ=America/Los_Angeles FAKETIME_DONT_RESET=1 faketime -f "@$shifted" dotnet test "$project" -c Release --no-build -nologo \
      --filter "Category!=Deployment" \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results"; then
    status=1
  fi
  if [ ! -f "$results/$name.trx" ]; then
    echo "$name produced no results (it did not build or crashed)."
    echo "$name" >> "$work/missing"
  fi
done

read -r passed failed skipped < <(python3 - "$results" "$work/missing" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(os.path.join(sys.argv[1], "*.trx")):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
if os.path.exists(sys.argv[2]):
    failed += sum(1 for _ in open(sys.argv[2]))
print(passed, failed, skipped)
PY
)
[ "$failed" -gt 0 ] && status=1
if [ "$skipped" -gt 0 ]; then summary "$passed" "$failed" "$skipped"; else summary "$passed" "$failed"; fi
exit $status
