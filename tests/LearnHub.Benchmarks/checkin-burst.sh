#!/usr/bin/env bash
# The check-in rush: starts a LearnHub build on a generated province (docs/benchmarks.md) and lets PEOPLE trainees
# check in to one lecture-hall session within SECONDS, then inserts the same rows bare for the ratio.
# SQLite: the province in DATA_FOLDER. PostgreSQL: give CONNECTION (a database `generate postgres` filled); DATA_FOLDER
# then holds only the server's keys and check-in secret.
# usage: tests/LearnHub.Benchmarks/checkin-burst.sh WEB_DLL DATA_FOLDER [people=1500] [seconds=60] [CONNECTION]
set -euo pipefail
web=$(realpath "$1"); data=$(realpath "$2"); people=${3:-1500}; seconds=${4:-60}; connection=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
driver="$here/bin/Release/net10.0/LearnHub.Benchmarks.dll"
port=5105
ulimit -n 20000
database=()
[ -n "$connection" ] && database=(--Database:Provider=Postgres "--ConnectionStrings:LearnHub=$connection")
(cd "$(dirname "$web")" && LEARNHUB_DATA="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" exec dotnet "$web" --Media:DemoVideos=false "${database[@]}") \
  > /tmp/checkin-burst-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 1; done
curl -sf -o /dev/null "http://127.0.0.1:$port/health" || { echo "the server did not answer /health within 600 s (/tmp/checkin-burst-server.log)"; exit 1; }
# The roster accounts' full pass runs once after start (then after each midnight): measure after it, not beside it.
for _ in $(seq 1 600); do grep -q "Roster accounts followed" /tmp/checkin-burst-server.log && break; sleep 1; done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
s0=$(cpu $server)
if [ -n "$connection" ]; then
  dotnet "$driver" checkin-burst "http://127.0.0.1:$port" "$data" "$people" "$seconds" postgres "$connection"
else
  dotnet "$driver" checkin-burst "http://127.0.0.1:$port" "$data" "$people" "$seconds"
fi
s1=$(cpu $server)
echo "server CPU over the run (burst and bare inserts): $(awk -v s=$((s1 - s0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f s", s / hz }')"
echo "SQLITE_BUSY or locked in the server log: $(grep -c 'SQLITE_BUSY\|database is locked' /tmp/checkin-burst-server.log || true)"
echo "errors in the server log: $(grep -c 'fail:' /tmp/checkin-burst-server.log || true)"
