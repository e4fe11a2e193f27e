#!/usr/bin/env bash
# Upload-to-playable for a generated lecture clip through a running LearnHub (tus upload, ffprobe
# validation, queue, HLS ladder, poster, publish) against the bare ffmpeg HLS command on the same
# file, in the same run. Prints the machine, every run and the medians.
# Usage: scripts/bench-media.sh [runs=3] [seconds=30]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
seconds="${2:-30}"
config=Release
[ -f "$root/src/LearnHub.Web/bin/Release/net10.0/LearnHub.Web.dll" ] || config=Debug
dll="$root/src/LearnHub.Web/bin/$config/net10.0/LearnHub.Web.dll"
[ -f "$dll" ] || { echo "Build LearnHub.Web first (dotnet build -c Release)."; exit 1; }

work="$(mktemp -d /tmp/learnhub-bench.XXXXXX)"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

now() { date +%s.%N; }

clip="$work/lecture.mp4"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=$seconds" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$seconds" \
  -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 128k -shortest "$clip"
size=$(stat -c %s "$clip")

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; memory: $(free -g | awk '/Mem:/{print $2}') GB"
echo "ffmpeg: $(ffmpeg -version | head -1 | cut -d' ' -f1-3); LearnHub build: $config"
echo "clip: ${seconds} s, 1280x720 H.264/AAC, $size bytes"

(cd "$root/src/LearnHub.Web" && exec dotnet "$dll" --LearnHub:Demo=true --LearnHub:DataPath "$work/data" \
  --Media:DemoVideos=false --urls "$base" --Logging:LogLevel:Default=Warning) > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 180); do
  curl -fs -o /dev/null "$base/health" && break
  sleep 1
done

jar="$work/cookies"
token=$(curl -fs -c "$jar" -b "$jar" "$base/account/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Email=admin@learnhub.example" \
  --data-urlencode "Password=${LEARNHUB_DEMO_PASSWORD:-LearnHub-demo-2026}" --data-urlencode "__RequestVerificationToken=$token" "$base/account/sign-in"

learnhub=()
playable=()
for run in $(seq 1 "$runs"); do
  start=$(now)
  location=$(curl -fs -D - -o /dev/null -b "$jar" -X POST -H "Tus-Resumable: 1.0.0" -H "Upload-Length: $size" \
    -H "Upload-Metadata: filename $(printf 'lecture.mp4' | base64)" "$base/api/v1/uploads" | tr -d '\r' | awk -F': ' 'tolower($1)=="location"{print $2}')
  curl -fs -o /dev/null -b "$jar" -X PATCH -H "Tus-Resumable: 1.0.0" -H "Upload-Offset: 0" \
    -H "Content-Type: application/offset+octet-stream" --data-binary "@$clip" "$base$location"
  id="${location##*/}"
  first=""
  while :; do
    read -r status url < <(curl -fs -b "$jar" "$base/api/v1/media/$id" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(m["status"], m["playlistUrl"] or "-")')
    # Playable: the API hands out a playlist (the source served as it is, or the finished ladder).
    [ -z "$first" ] && [ "$url" != "-" ] && first=$(python3 -c "print(f'{$(now) - $start:.2f}')")
    [ "$status" = ready ] && break
    [ "$status" = failed ] && { echo "run $run failed"; exit 1; }
    sleep 0.1
  done
  elapsed=$(python3 -c "print(f'{$(now) - $start:.2f}')")
  learnhub+=("$elapsed")
  playable+=("$first")
  echo "LearnHub run $run: playable after ${first} s, full ladder ready after ${elapsed} s"
done
kill "$server"; wait "$server" 2>/dev/null || true; server=""

# The same ladder (360p + 720p), encoder settings and segmenting as the Transcoder.
bare=()
for run in $(seq 1 "$runs"); do
  out="$work/bare-$run"; mkdir -p "$out"
  start=$(now)
  nice -n 10 ffmpeg -hide_banner -nostdin -v error -y -i "$clip" \
    -filter_complex "[0:v]split=2[s0][s1];[s0]scale=640:360[v0];[s1]scale=1280:720[v1]" \
    -map "[v0]" -c:v:0 libx264 -b:v:0 800k -maxrate:v:0 880k -bufsize:v:0 1600k -map 0:a:0 -c:a:0 aac -b:a:0 128k \
    -map "[v1]" -c:v:1 libx264 -b:v:1 2800k -maxrate:v:1 3080k -bufsize:v:1 5600k -map 0:a:0 -c:a:1 aac -b:a:1 128k \
    -preset veryfast -pix_fmt yuv420p -profile:v main -force_key_frames "expr:gte(t,n_forced*4)" -sc_threshold 0 \
    -ac 2 -ar 48000 -f hls -hls_time 4 -hls_playlist_type vod -hls_segment_filename "$out/%v/segment_%03d.ts" \
    -var_stream_map "v:0,a:0,name:360p v:1,a:1,name:720p" "$out/%v/index.m3u8"
  nice -n 10 ffmpeg -hide_banner -nostdin -v error -y -ss 1 -i "$clip" -frames:v 1 -vf "scale=-2:'min(720,ih)'" -q:v 3 "$out/poster.jpg"
  elapsed=$(python3 -c "print(f'{$(now) - $start:.2f}')")
  bare+=("$elapsed")
  echo "bare ffmpeg ladder + poster, run $run: ${elapsed} s"
done

python3 - "${learnhub[*]}" "${bare[*]}" "${playable[*]}" <<'PY'
import statistics, sys
learnhub = [float(x) for x in sys.argv[1].split()]
bare = [float(x) for x in sys.argv[2].split()]
playable = [float(x) for x in sys.argv[3].split()]
ml, mb, mp = statistics.median(learnhub), statistics.median(bare), statistics.median(playable)
print(f"== medians over {len(learnhub)} runs: LearnHub playable {mp:.2f} s, LearnHub full ladder ready {ml:.2f} s, "
      f"bare ffmpeg ladder {mb:.2f} s (LearnHub ready vs bare: {ml - mb:+.2f} s, {(ml / mb - 1) * 100:+.0f} %)")
PY
