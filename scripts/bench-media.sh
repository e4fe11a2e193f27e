#!/usr/bin/env bash
# Media benchmarks against a running LearnHub, each with its comparison measured in the same run:
#   ladder [runs=3] [seconds=60] [height=1080]  upload-to-playable and ladder-ready vs the same ffmpeg ladder command alone (and the CPU each spent)
#   upload [runs=3] [megabytes=512]             tus PATCH throughput on loopback vs a Kestrel endpoint that discards the body
#   serve  [runs=3] [clients=200] [seconds=45]  HLS segment fetching while a transcode runs vs static-file serving of the same files (and each server's CPU per MB)
# Prints the machine, every run and the medians. Build first: dotnet build -c Release.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-ladder}"; shift || true
runs="${1:-3}"
config=Release
[ -f "$root/src/LearnHub.Web/bin/Release/net10.0/LearnHub.Web.dll" ] || config=Debug
dll="$root/src/LearnHub.Web/bin/$config/net10.0/LearnHub.Web.dll"
bench="$root/tests/LearnHub.MediaBench/bin/Release/net10.0/LearnHub.MediaBench.dll"
[ -f "$bench" ] || bench="${bench/Release/Debug}"
[ -f "$dll" ] || { echo "Build LearnHub.Web first (dotnet build -c Release)."; exit 1; }

work="$(mktemp -d /tmp/learnhub-bench.XXXXXX)"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

now() { date +%s.%N; }
since() { python3 -c "print(f'{$(now) - $1:.2f}')"; }
median() { python3 -c "import statistics,sys; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.2f}')" "$@"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # a process's user + system CPU, in clock ticks
all_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; } # the same plus its waited-for children's (ffmpeg, ffprobe)
children_cpu() { # sets $children: this script's finished children's user + system CPU (curl, the bare ffmpeg), in seconds.
  # Not called as $(…): a subshell starts with no children of its own, so `times` must run in this one.
  times > "$work/times"
  children=$(tail -1 "$work/times" | python3 -c "import re,sys; print(sum(int(m)*60 + float(s) for m, s in re.findall(r'(\d+)m([\d.]+)s', sys.stdin.read())))"); }
cpu_seconds() { python3 -c "import os; print(f'{($2 - $1) / os.sysconf(\"SC_CLK_TCK\") + $4 - $3:.1f}')"; } # ticks before, after, children s before, after
per_mb() { python3 -c "import os; print(f'{($2 - $1) * 1000 / os.sysconf(\"SC_CLK_TCK\") / ($3 * $4):.3f}')"; } # ticks before, after, MB/s, seconds -> CPU ms per MB

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; memory: $(free -g | awk '/Mem:/{print $2}') GB; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ffmpeg: $(ffmpeg -version | head -1 | cut -d' ' -f1-3); LearnHub build: $config; $(date -u '+%Y-%m-%d %H:%M UTC')"

clip() { # name seconds width height
  ffmpeg -v error -y -f lavfi -i "testsrc2=size=${3}x${4}:rate=25:duration=$2" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$2" \
    -c:v libx264 -preset veryfast -b:v "$([ "$4" -ge 1080 ] && echo 4500k || echo 2500k)" -maxrate 5000k -bufsize 10000k \
    -pix_fmt yuv420p -c:a aac -b:a 128k -shortest "$work/$1"
}

start_learnhub() {
  (cd "$root/src/LearnHub.Web" && exec dotnet "$dll" --LearnHub:Demo=true --LearnHub:DataPath "$work/data" \
    --Media:DemoVideos=false --urls "$base" --Logging:LogLevel:Default=Warning) > "$work/server.log" 2>&1 &
  server=$!; pids+=("$server")
  for _ in $(seq 1 180); do curl -fs -o /dev/null "$base/health" && break; sleep 1; done
  jar="$work/cookies"
  local token
  token=$(curl -fs -c "$jar" -b "$jar" "$base/account/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Login=admin@learnhub.example" \
    --data-urlencode "Password=${LEARNHUB_DEMO_PASSWORD:-LearnHub-demo-2026}" --data-urlencode "__RequestVerificationToken=$token" "$base/account/sign-in"
}

create_upload() { # length -> location
  curl -fs -D - -o /dev/null -b "$jar" -X POST -H "Tus-Resumable: 1.0.0" -H "Upload-Length: $1" \
    -H "Upload-Metadata: filename $(printf 'lecture.mp4' | base64)" "$base/api/v1/uploads" | tr -d '\r' | awk -F': ' 'tolower($1)=="location"{print $2}'
}

upload_file() { # file -> asset id
  local size location
  size=$(stat -c %s "$1")
  location=$(create_upload "$size")
  curl -fs -o /dev/null -b "$jar" -X PATCH -H "Tus-Resumable: 1.0.0" -H "Upload-Offset: 0" \
    -H "Content-Type: application/offset+octet-stream" -T "$1" "$base$location"
  echo "${location##*/}"
}

media() { curl -fs -b "$jar" "$base/api/v1/media/$1"; }

# The Transcoder's ladder, encoder settings and segmenting, as one command.
bare_ladder() { # source output height
  local rungs=("640:360:800" "1280:720:2800" "1920:1080:5000") chosen=() filter maps=() names=()
  for r in "${rungs[@]}"; do [ "$(echo "$r" | cut -d: -f2)" -le "$3" ] && chosen+=("$r"); done
  filter="[0:v]split=${#chosen[@]}"; for i in "${!chosen[@]}"; do filter+="[s$i]"; done
  for i in "${!chosen[@]}"; do IFS=: read -r w h k <<< "${chosen[$i]}"; filter+=";[s$i]scale=$w:$h[v$i]"
    maps+=(-map "[v$i]" "-c:v:$i" libx264 "-b:v:$i" "${k}k" "-maxrate:v:$i" "$((k * 11 / 10))k" "-bufsize:v:$i" "$((k * 2))k" -map 0:a:0 "-c:a:$i" aac "-b:a:$i" 128k)
    names+=("v:$i,a:$i,name:${h}p"); done
  nice -n 10 ffmpeg -hide_banner -nostdin -v error -y -i "$1" -filter_complex "$filter" "${maps[@]}" \
    -preset veryfast -pix_fmt yuv420p -profile:v main -force_key_frames "expr:gte(t,n_forced*4)" -sc_threshold 0 \
    -ac 2 -ar 48000 -f hls -hls_time 4 -hls_playlist_type vod -hls_segment_filename "$2/%v/segment_%03d.ts" \
    -var_stream_map "${names[*]}" "$2/%v/index.m3u8"
  nice -n 10 ffmpeg -hide_banner -nostdin -v error -y -ss 1 -i "$1" -frames:v 1 -vf "scale=-2:'min(720,ih)'" -q:v 3 "$2/poster.jpg"
}

wait_ready() { # id -> prints "playable ready" seconds since $2
  # Polled with curl and bash alone: a python3 per poll took close to a core on this machine, which
  # the LearnHub side paid for and the bare ffmpeg side did not. Every 0.1 s until playable (seconds
  # matter there), then every second: on a 10-minute ladder ten polls a second cost the LearnHub side
  # about 80 s of CPU (a curl process and a request each), for 0.1 % more precision.
  local first="" body
  while :; do
    body=$(media "$1")
    [ -z "$first" ] && [[ "$body" == *'"playlistUrl":"'* ]] && first=$(since "$2")
    [[ "$body" == *'"status":"ready"'* ]] && break
    [[ "$body" == *'"status":"failed"'* ]] && { echo "transcode failed" >&2; exit 1; }
    if [ -z "$first" ]; then sleep 0.1; else sleep 1; fi
  done
  echo "$first $(since "$2")"
}

case "$what" in
ladder)
  seconds="${2:-60}"; height="${3:-1080}"; width=$((height * 16 / 9))
  clip lecture.mp4 "$seconds" "$width" "$height"
  echo "clip: ${seconds} s, ${width}x${height} H.264/AAC, $(stat -c %s "$work/lecture.mp4") bytes; $runs runs, alternating"
  start_learnhub
  # Beside the wall clock, the CPU each side spent: LearnHub's process with the ffmpeg and ffprobe it ran,
  # plus the harness's polls; the bare side's ffmpeg. On a shared host the wall clock moves with the
  # neighbours from one run to the next; the CPU a side needs for the same work moves far less.
  learnhub=(); playable=(); bare=(); lcpu=(); bcpu=()
  for run in $(seq 1 "$runs"); do
    t0=$(all_ticks "$server"); children_cpu; c0=$children
    start=$(now)
    id=$(upload_file "$work/lecture.mp4")
    read -r first ready < <(wait_ready "$id" "$start")
    children_cpu; lc=$(cpu_seconds "$t0" "$(all_ticks "$server")" "$c0" "$children")
    playable+=("$first"); learnhub+=("$ready"); lcpu+=("$lc")
    echo "run $run LearnHub: playable after $first s, ladder ready after $ready s; CPU $lc s"
    out="$work/bare-$run"; mkdir -p "$out"
    children_cpu; c0=$children
    start=$(now); bare_ladder "$work/lecture.mp4" "$out" "$height"; b=$(since "$start"); bare+=("$b"); rm -rf "$out"
    children_cpu; bc=$(python3 -c "print(f'{$children - $c0:.1f}')"); bcpu+=("$bc")
    echo "run $run bare ffmpeg ladder + poster: $b s; CPU $bc s"
  done
  ml=$(median "${learnhub[@]}"); mb=$(median "${bare[@]}"); mp=$(median "${playable[@]}")
  mlc=$(median "${lcpu[@]}"); mbc=$(median "${bcpu[@]}")
  echo "== medians: playable $mp s ($(ratio "$mp" "$seconds")× the video's length), LearnHub ready $ml s, bare $mb s, ratio $(ratio "$ml" "$mb"); CPU LearnHub $mlc s, bare $mbc s, ratio $(ratio "$mlc" "$mbc")"
  ;;
upload)
  megabytes="${2:-512}"
  head -c "$((megabytes * 1024 * 1024))" /dev/urandom > "$work/body.bin"
  size=$(stat -c %s "$work/body.bin")
  start_learnhub
  dport=$((port + 1))
  dotnet "$bench" discard "http://127.0.0.1:$dport" > "$work/discard.log" 2>&1 & pids+=("$!")
  for _ in $(seq 1 60); do curl -s -o /dev/null -X POST --data x "http://127.0.0.1:$dport/discard" && break; sleep 0.5; done
  echo "body: $megabytes MiB of random bytes, one PATCH each (the upload is declared one byte longer, so it stays open and no validation runs)"
  tus=(); discard=(); disk=()
  for run in $(seq 1 "$runs"); do
    location=$(create_upload "$((size + 1))")
    t=$(curl -fs -o /dev/null -w '%{speed_upload}' -b "$jar" -X PATCH -H "Tus-Resumable: 1.0.0" -H "Upload-Offset: 0" \
      -H "Content-Type: application/offset+octet-stream" -T "$work/body.bin" "$base$location")
    d=$(curl -fs -o /dev/null -w '%{speed_upload}' -X PATCH -H "Content-Type: application/octet-stream" -T "$work/body.bin" "http://127.0.0.1:$dport/discard")
    curl -fs -o /dev/null -b "$jar" -X DELETE -H "Tus-Resumable: 1.0.0" "$base$location"
    # What the disk alone allows: the same bytes copied into a file (the tus side must store them; the bare endpoint need not).
    start=$(now); cp "$work/body.bin" "$work/copy.bin"; c=$(python3 -c "print(f'{$size / 1e6 / ($(now) - $start):.0f}')"); rm -f "$work/copy.bin"
    t=$(python3 -c "print(f'{$t / 1e6:.0f}')"); d=$(python3 -c "print(f'{$d / 1e6:.0f}')")
    tus+=("$t"); discard+=("$d"); disk+=("$c")
    echo "run $run: tus $t MB/s, discarding endpoint $d MB/s, plain file copy $c MB/s"
  done
  mt=$(median "${tus[@]}"); md=$(median "${discard[@]}")
  mc=$(median "${disk[@]}")
  echo "== medians: tus $mt MB/s, discarding endpoint $md MB/s, ratio $(ratio "$mt" "$md"); plain file copy $mc MB/s (tus ÷ copy $(ratio "$mt" "$mc"))"
  ;;
serve)
  clients="${2:-200}"; seconds="${3:-45}" # 15 s runs drew a bimodal p99 on a shared host
  clip served.mp4 30 1280 720
  clip busy.mp4 25 1280 720
  start_learnhub
  id=$(upload_file "$work/served.mp4"); wait_ready "$id" "$(now)" > /dev/null
  folder="$work/data/media/assets/${id//-/}"
  signed=$(media "$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["playlistUrl"].rsplit("/", 1)[0])')
  mkdir -p "$work/static"; cp -r "$folder" "$work/static/$id"
  (cd "$folder" && find 360p 720p -name '*.ts' | sort) > "$work/segments"
  sed "s|^|$base$signed/|" "$work/segments" > "$work/learnhub-urls"
  sport=$((port + 2))
  sed "s|^|http://127.0.0.1:$sport/$id/|" "$work/segments" > "$work/static-urls"
  dotnet "$bench" static "http://127.0.0.1:$sport" "$work/static" > "$work/static.log" 2>&1 & static=$!; pids+=("$static")
  for _ in $(seq 1 60); do curl -fs -o /dev/null "$(head -1 "$work/static-urls")" && break; sleep 0.5; done
  echo "served: $(wc -l < "$work/segments") segments (360p + 720p of a 30 s clip), $clients clients for $seconds s per side; a 25 s 720p clip is transcoded throughout on both sides"
  # Beside throughput and TTFB, each server's own CPU per megabyte served: the run-to-run noise of a
  # shared machine moves throughput, while the work a server does per byte stays put.
  lt=(); st=(); lp=(); sp=(); lc=(); sc=()
  for run in $(seq 1 "$runs"); do
    # Static side: the same ladder command transcodes beside it, stopped when the fetching ends.
    mkdir -p "$work/bare"; bare_ladder "$work/busy.mp4" "$work/bare" 720 & ladder=$!
    sleep 2
    before=$(ticks "$static")
    read -r rps mbs p50 p99 fail < <(dotnet "$bench" fetch "$clients" "$seconds" "$work/static-urls")
    cpu=$(per_mb "$before" "$(ticks "$static")" "$mbs" "$seconds")
    echo "run $run static files: $rps req/s, $mbs MB/s, TTFB p50 $p50 ms, p99 $p99 ms, $fail failed; server CPU $cpu ms per MB"
    st+=("$mbs"); sp+=("$p99"); sc+=("$cpu")
    pkill -P "$ladder" 2>/dev/null || true; wait "$ladder" 2>/dev/null || true; rm -rf "$work/bare"
    # LearnHub side: its own worker transcodes an upload meanwhile.
    busy=$(upload_file "$work/busy.mp4")
    until media "$busy" | grep -q '"status":"processing"'; do sleep 0.2; done
    sleep 2
    before=$(ticks "$server")
    read -r rps mbs p50 p99 fail < <(dotnet "$bench" fetch "$clients" "$seconds" "$work/learnhub-urls")
    cpu=$(per_mb "$before" "$(ticks "$server")" "$mbs" "$seconds")
    echo "run $run LearnHub (signed URLs): $rps req/s, $mbs MB/s, TTFB p50 $p50 ms, p99 $p99 ms, $fail failed; server CPU $cpu ms per MB"
    lt+=("$mbs"); lp+=("$p99"); lc+=("$cpu")
    wait_ready "$busy" "$(now)" > /dev/null
  done
  mlt=$(median "${lt[@]}"); mst=$(median "${st[@]}"); mlp=$(median "${lp[@]}"); msp=$(median "${sp[@]}")
  mlc=$(median "${lc[@]}"); msc=$(median "${sc[@]}")
  echo "== medians: throughput LearnHub $mlt MB/s vs static $mst MB/s (ratio $(ratio "$mlt" "$mst")); TTFB p99 LearnHub $mlp ms vs static $msp ms (ratio $(ratio "$mlp" "$msp")); server CPU per MB LearnHub $mlc ms vs static $msc ms (ratio $(ratio "$mlc" "$msc"))"
  ;;
*) echo "usage: scripts/bench-media.sh ladder|upload|serve [runs] [...]"; exit 2 ;;
esac
