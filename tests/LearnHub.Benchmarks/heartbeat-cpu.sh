#!/usr/bin/env bash
# CPU per heartbeat: starts a LearnHub build on a generated province (see docs/benchmarks.md), runs the
# heartbeat driver against it and reads both processes' CPU time (utime + stime) when the open loop
# starts and when it ends. Run it for two builds in turn to compare them on the same data.
# media=fetch (the default) fetches each report's segments as a player does, for the delivery evidence check;
# media=none is the driver without media, for a server started without that check. Extra server arguments
# come from SERVER_ARGS, e.g. SERVER_ARGS=--LearnHub:Watching:RequireDeliveryEvidence=false.
# usage: [SERVER_ARGS=...] tests/LearnHub.Benchmarks/heartbeat-cpu.sh WEB_DLL DATA_FOLDER [learners=100000] [seconds=60] [interval=20] [media=fetch]
set -euo pipefail
web=$(realpath "$1"); data=$(realpath "$2"); learners=${3:-100000}; seconds=${4:-60}; interval=${5:-20}; media=${6:-fetch}
here=$(cd "$(dirname "$0")" && pwd)
driver="$here/bin/Release/net10.0/LearnHub.Benchmarks.dll"
port=5104
ulimit -n 20000
(cd "$(dirname "$web")" && LEARNHUB_DATA="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" exec dotnet "$web" --Media:DemoVideos=false ${SERVER_ARGS:-}) > /tmp/heartbeat-cpu-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 1; done
curl -sf -o /dev/null "http://127.0.0.1:$port/health" || { echo "the server did not answer /health within 600 s (/tmp/heartbeat-cpu-server.log)"; exit 1; }
# The roster accounts' full pass runs once after start (then after each midnight): measure after it, not beside it.
for _ in $(seq 1 600); do grep -q "Roster accounts followed" /tmp/heartbeat-cpu-server.log && break; sleep 1; done
out=$(mktemp)
dotnet "$driver" heartbeat "http://127.0.0.1:$port" "$data" "$learners" "$seconds" "$interval" "$media" > "$out" 2>&1 &
load=$!
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
until grep -q "^open loop:" "$out"; do kill -0 $load 2>/dev/null || { cat "$out"; exit 1; }; sleep 0.2; done
s0=$(cpu $server); d0=$(cpu $load)
until grep -q "heartbeats over HTTP:" "$out"; do kill -0 $load 2>/dev/null || { cat "$out"; exit 1; }; sleep 0.2; done
s1=$(cpu $server); d1=$(cpu $load)
wait $load
cat "$out"
answered=$(sed -n 's/^heartbeats over HTTP: \([0-9,]*\) answered.*/\1/p' "$out" | tr -d ,)
hz=$(getconf CLK_TCK)
awk -v s=$((s1 - s0)) -v d=$((d1 - d0)) -v n="$answered" -v hz="$hz" 'BEGIN {
  printf "CPU during the open loop: server %.1f s, driver %.1f s; per report: server %.0f us, driver %.0f us\n", s / hz, d / hz, 1e6 * s / hz / n, 1e6 * d / hz / n }'
echo "SQLITE_BUSY or locked in the server log: $(grep -c 'SQLITE_BUSY\|database is locked' /tmp/heartbeat-cpu-server.log || true)"
rm -f "$out"
