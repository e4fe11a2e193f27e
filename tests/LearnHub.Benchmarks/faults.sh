#!/usr/bin/env bash
# Faults and recovery (docs/operations.md, "Faults and recovery"; figures in docs/benchmarks.md): starts PostgreSQL,
# Redis, s3rver and two LearnHub nodes set up as docs/deploy.md says (PostgreSQL, S3 media, the Redis backplane,
# one keys folder, one URL signing key), then breaks them one way after another and checks what was kept:
#   1 transcode   SIGKILL the node running ffmpeg on an upload; the other node finishes it, once
#   2 live        SIGKILL a node under a live lecture (a trainees' node, then the lecturer's); they reconnect to the other
#   3 import      SIGKILL a node in a roster import of 3,000 people: in the People insert, then in the accounts
#   4 postgres    pg_ctl restart -m fast under heartbeat load; progress against the answers, errors, recovery
#   5 redis       SIGSTOP redis-server for 30 s under a live lecture on both nodes
#   6 upload      SIGKILL the node receiving a tus PATCH; HEAD and resume on the other node from the recorded chunk; the file's hash
# Every check prints PASS or FAIL; the last line counts them.
# usage: tests/LearnHub.Benchmarks/faults.sh [WEB_DLL] [WORK_FOLDER=/tmp/learnhub-faults] [SCENARIOS=1,2,3,4,5,6]
# Build first: dotnet build src/LearnHub.Web -c Release && dotnet build tests/LearnHub.Benchmarks -c Release
# Needs ffmpeg, redis-server, PostgreSQL (scripts/install-packages.sh) and node with tests/s3rver installed (npm ci).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
web=$(realpath "${1:-$root/src/LearnHub.Web/bin/Release/net10.0/LearnHub.Web.dll}")
work=${2:-/tmp/learnhub-faults}
scenarios=",${3:-1,2,3,4,5,6},"
driver="$here/bin/Release/net10.0/LearnHub.Benchmarks.dll"
trainees=40        # live-room trainees, half on each node
learners=100       # heartbeat learners (docs: the flush interval is WatchingRules.FlushSeconds, 2 s)
[ -f "$web" ] && [ -f "$driver" ] || { echo "build first: $web, $driver"; exit 2; }
[ -f "$root/tests/s3rver/node_modules/s3rver/bin/s3rver.js" ] || npm ci --prefix "$root/tests/s3rver" --no-audit --no-fund --loglevel=error
ulimit -n 20000

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
passes=0; fails=0
check() { # check NAME CONDITION-EXIT-CODE DETAIL
  if [ "$2" -eq 0 ]; then echo "PASS  $1${3:+: $3}"; passes=$((passes + 1)); else echo "FAIL  $1${3:+: $3}"; fails=$((fails + 1)); fi
}
log() { echo "--- $(date -u +%T) $*"; }

pids=()
cleanup() {
  exec 2>/dev/null   # not the shell's notices of the processes it kills
  for p in "${node_pid[@]}" "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [ -n "${redis_pid:-}" ] && kill -CONT "$redis_pid" 2>/dev/null
  "$root/scripts/postgres.sh" stop "$work/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT

rm -rf "$work"; mkdir -p "$work"
log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); LearnHub $(git -C "$root" rev-parse --short HEAD)"

# PostgreSQL, Redis, s3rver.
pg_port=$(free_port)
"$root/scripts/postgres.sh" start "$work/pg" "$pg_port" >/dev/null
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql -XAtq "postgresql://postgres@127.0.0.1:$pg_port/postgres" -c "CREATE DATABASE learnhub" >/dev/null
# Npgsql's pool holds up to 100 connections per node, PostgreSQL takes 100 clients: two nodes need a smaller pool
# (docs/operations.md, "Faults and recovery"), or 100 sign-ins at once end in "53300: too many clients".
database="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=learnhub;Maximum Pool Size=40"
q() { psql -XAtq -F $'\t' "postgresql://postgres@127.0.0.1:$pg_port/learnhub" -c "$1"; }
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no > "$work/redis.log" 2>&1 &
redis_pid=$!; pids+=("$redis_pid")
s3_port=$(free_port)
mkdir -p "$work/s3"
node "$root/tests/s3rver/node_modules/s3rver/bin/s3rver.js" -d "$work/s3" -a 127.0.0.1 -p "$s3_port" --silent > "$work/s3rver.log" 2>&1 &
pids+=("$!")

# The demo content with trainee accounts bench0… for roster people who have none (as the live-room driver does).
cp -r "$root/content" "$work/content"
awk -F, 'NR > 1 { print $10 }' "$root/content/roster.csv" | awk '!seen[$0]++' | grep -v -F -f <(grep -o '"[0-9]*"' "$root/content/demo-accounts.yaml" | tr -d '"') \
  | head -n "$learners" | awk '{ printf "  - email: bench%d@learnhub.example\n    role: Trainee\n    personMobile: \"%s\"\n", NR - 1, $0 }' >> "$work/content/demo-accounts.yaml"
signing_key=$(head -c 32 /dev/urandom | base64)

declare -A node_pid node_url
node_port=([1]=$(free_port) [2]=$(free_port))
start_node() { # start_node N: the node's own data folder; keys shared through one folder (docs/deploy.md)
  local n=$1
  mkdir -p "$work/node$n"
  [ "$n" != 1 ] && [ ! -e "$work/node$n/keys" ] && ln -s "$work/node1/keys" "$work/node$n/keys"
  node_url[$n]="http://127.0.0.1:${node_port[$n]}"
  (cd "$(dirname "$web")" && exec env LEARNHUB_DATA="$work/node$n" ASPNETCORE_URLS="${node_url[$n]}" \
    Database__Provider=Postgres ConnectionStrings__LearnHub="$database;Application Name=node$n" \
    LiveRoom__Redis="127.0.0.1:$redis_port" LiveRoom__Node="node$n" Media__NodeId="node$n" \
    Media__Storage=S3 Media__S3__ServiceUrl="http://127.0.0.1:$s3_port" Media__S3__Bucket=learnhub-media \
    Media__S3__AccessKey=S3RVER Media__S3__SecretKey=S3RVER Media__UrlSigningKey="$signing_key" Media__DemoVideos=false \
    LearnHub__Demo=true LearnHub__ContentPath="$work/content" LearnHub__Accounts__SignInPostsPerMinute=100000 \
    LearnHub__Watching__RequireDeliveryEvidence=false LiveVideo__RtmpPorts="$((19400 + n * 10))-$((19409 + n * 10))" \
    Logging__LogLevel__Default=Warning Logging__LogLevel__LearnHub=Information \
    dotnet "$web") >> "$work/node$n.log" 2>&1 &
  node_pid[$n]=$!
}
wait_node() { # wait_node N: /health, then the roster accounts' pass after start
  local n=$1
  for _ in $(seq 1 600); do curl -sf -o /dev/null "${node_url[$n]}/health" && break; sleep 0.2; done
  curl -sf -o /dev/null "${node_url[$n]}/health" || { echo "node $n did not start ($work/node$n.log)"; exit 1; }
}
kill_node() { # kill_node N: SIGKILL the node and the tools it runs (a machine that dies takes them too)
  local n=$1 children
  children=$(pgrep -P "${node_pid[$n]}" || true)
  kill -9 "${node_pid[$n]}" $children 2>/dev/null
  wait "${node_pid[$n]}" 2>/dev/null
}
started=$(now); start_node 1; wait_node 1
log "node 1 up (migrated, demo loaded) in $(since "$started") s"
started=$(now); start_node 2; wait_node 2
log "node 2 up in $(since "$started") s"
urls="${node_url[1]},${node_url[2]}"

signin() { # signin JAR NODE LOGIN
  local token
  token=$(curl -s -c "$1" -b "$1" "${node_url[$2]}/account/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -w '%{http_code}' -c "$1" -b "$1" --data-urlencode "Login=$3" --data-urlencode "Password=LearnHub-demo-2026" \
    --data-urlencode "__RequestVerificationToken=$token" "${node_url[$2]}/account/sign-in"
}
signin "$work/admin.jar" 1 admin@learnhub.example >/dev/null
signin "$work/trainee.jar" 1 bench0@learnhub.example >/dev/null
lesson=$(q 'SELECT l."Id" FROM "Lessons" l ORDER BY l."Id" LIMIT 1')
ledger_before=$(q 'SELECT count(*) FROM "LedgerEntries"')
tus_create() { # tus_create NODE FILE [LESSON] -> the upload's id
  local meta="filename $(printf %s "$(basename "$2")" | base64 -w0)"
  [ -n "${3:-}" ] && meta="$meta,lessonId $(printf %s "$3" | base64 -w0)"
  curl -s -D - -o /dev/null -b "$work/admin.jar" -X POST -H "Tus-Resumable: 1.0.0" -H "Upload-Length: $(stat -c %s "$2")" \
    -H "Upload-Metadata: $meta" "${node_url[$1]}/api/v1/uploads" | tr -d '\r' | awk -F'/' 'tolower($0) ~ /^location:/ { print $NF }'
}
tus_patch() { # tus_patch NODE ID FILE OFFSET [curl options] -> HTTP status
  tail -c +"$(($4 + 1))" "$3" | curl -s -o /dev/null -w '%{http_code}' -b "$work/admin.jar" -X PATCH -H "Tus-Resumable: 1.0.0" \
    -H "Upload-Offset: $4" -H "Content-Type: application/offset+octet-stream" --data-binary @- "${@:5}" "${node_url[$1]}/api/v1/uploads/$2"
}
tus_offset() { # tus_offset NODE ID
  curl -s -I -b "$work/admin.jar" -H "Tus-Resumable: 1.0.0" "${node_url[$1]}/api/v1/uploads/$2" | tr -d '\r' | awk 'tolower($1) == "upload-offset:" { print $2 }'
}
asset_state() { q "SELECT \"Status\" || ' attempts ' || \"Attempts\" || ' lease ' || coalesce(\"LeaseOwner\", '-') FROM media_assets WHERE \"Id\" = '$1'"; }

# 1. A node killed while ffmpeg transcodes.
if [[ $scenarios == *,1,* ]]; then
  log "1. SIGKILL the node transcoding an upload"
  ffmpeg -v error -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=440 -t 40 -c:v libx264 -preset ultrafast -c:a aac -pix_fmt yuv420p "$work/clip.mp4"
  id=$(tus_create 1 "$work/clip.mp4" "$lesson")
  status=$(tus_patch 1 "$id" "$work/clip.mp4" 0)
  echo "upload $id ($(stat -c %s "$work/clip.mp4") bytes) to lesson $lesson: PATCH $status"
  victim=""
  for _ in $(seq 1 600); do
    for n in 1 2; do pgrep -P "${node_pid[$n]}" -x ffmpeg >/dev/null && victim=$n; done
    [ -n "$victim" ] && break; sleep 0.1
  done
  if [ -z "$victim" ]; then
    check "transcode: ffmpeg seen on a node" 1 "$(asset_state "$id")"
  else
    sleep 5
    echo "ffmpeg runs on node $victim: $(asset_state "$id"), progress $(q "SELECT round(\"Progress\"::numeric, 2) FROM media_assets WHERE \"Id\" = '$id'")"
    killed=$(now); kill_node "$victim"
    other=$((3 - victim))
    state=""
    for _ in $(seq 1 1800); do state=$(asset_state "$id"); [[ $state == Ready* || $state == Failed* ]] && break; sleep 0.2; done
    recovered=$(since "$killed")
    echo "after the kill: $state, $recovered s later"
    check "transcode: finished by node $other after the kill" "$([[ $state == Ready* ]]; echo $?)" "ready ${recovered} s after the kill ($state)"
    check "transcode: one asset row" "$([ "$(q "SELECT count(*) FROM media_assets WHERE \"FileName\" = 'clip.mp4'")" = 1 ]; echo $?)"
    # s3rver keeps each object as KEY._S3rver_object beside its metadata.
    objects="$work/s3/learnhub-media/assets/${id//-/}"
    variants=$(grep -c '^#EXT-X-STREAM-INF' "$objects/master.m3u8._S3rver_object" 2>/dev/null)
    playlists=$(find "$objects" -name 'index.m3u8._S3rver_object' | wc -l)
    segments=$(find "$objects" -name '*.ts._S3rver_object' | wc -l)
    listed=$(cat "$objects"/*/index.m3u8._S3rver_object 2>/dev/null | grep -c '\.ts$')
    check "transcode: one set of renditions" "$([ "${variants:-0}" -gt 0 ] && [ "$playlists" = "$variants" ] && [ "$segments" = "$listed" ]; echo $?)" \
      "${variants:-no} variants in the master playlist, $playlists variant playlists, $segments segments stored for $listed listed"
    check "transcode: lesson $lesson plays the new video" "$([ "$(q "SELECT \"MediaAssetId\" FROM \"Lessons\" WHERE \"Id\" = $lesson")" = "$id" ]; echo $?)"
    source=$(curl -s -b "$work/trainee.jar" -H 'Content-Type: application/json' -d "{\"lessonId\":$lesson}" "${node_url[$other]}/api/v1/playback/start" | grep -o '"source":"[^"]*"' | cut -d'"' -f4)
    duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "${node_url[$other]}$source" 2>&1 | tail -n 1)
    check "transcode: playable through a playback's URL" "$(awk -v d="$duration" 'BEGIN { exit !(d + 0 > 39) }'; echo $?)" "ffprobe: ${duration} s"
    grep -h 'Transcod\|transcod' "$work/node$other.log" | tail -n 3
    start_node "$victim"; wait_node "$victim"
  fi
fi

# 2. A node killed under a live lecture.
# The demo's live lecture, the one the live-room benchmark uses.
live_session=$(q "SELECT \"SessionId\" FROM \"LiveBroadcasts\" WHERE \"Slides\" LIKE '# 守牢底线%' LIMIT 1")
if [[ $scenarios == *,2,* ]]; then
  # First the node of half the trainees, then the lecturer's own node: the lecturer's console reconnects to the
  # other node and goes on with the same room (its state is in Redis), as the trainees do.
  for victim in 2 1; do
    survivor=$((3 - victim))
    who=$([ "$victim" = 1 ] && echo "the lecturer's node 1" || echo "node 2")
    log "2. SIGKILL $who under a live lecture (session $live_session, $trainees trainees, lecturer on node 1)"
    rm -f "$work/live.in"
    began=$(q "SELECT now()")
    dotnet "$driver" fault-live "$urls" "$live_session" "$trainees" 30 "$work/live.in" > "$work/live.out" 2>&1 &
    live=$!
    for _ in $(seq 1 600); do [ -f "$work/live.in" ] && break; sleep 0.2; done
    sleep 5; kill_node "$victim"
    wait $live; live_exit=$?
    cat "$work/live.out"
    check "live ($who): every trainee connected again after the kill" "$live_exit"
    joined=$(q "SELECT count(DISTINCT \"PersonId\") FROM \"LivePresence\" WHERE \"SessionId\" = $live_session AND \"JoinedAt\" >= '$began' AND \"ConnectionId\" LIKE 'node$survivor%'")
    people=$(q "SELECT count(DISTINCT \"PersonId\") FROM \"LivePresence\" WHERE \"SessionId\" = $live_session AND \"JoinedAt\" >= '$began'")
    check "live ($who): presence on node $survivor for every trainee after the kill" "$([ "$joined" -ge "$trainees" ]; echo $?)" "$joined people with presence on node $survivor, $people in all (trainees $trainees and the lecturer if counted)"
    failed_slides=$(sed -n 's/^live: slide changes that failed for the lecturer: \([0-9]*\);.*/\1/p' "$work/live.out")
    check "live ($who): the lecturer's slide changes go on after the kill" "$([ "${failed_slides:-99}" -le 5 ]; echo $?)" "${failed_slides:-?} of about 30 failed"
    open_rows=$(q "SELECT count(*) FROM \"LivePresence\" WHERE \"SessionId\" = $live_session AND \"LeftAt\" IS NULL AND \"ConnectionId\" LIKE 'node$victim%'")
    start_node "$victim"; wait_node "$victim"
    sleep 2
    open_after=$(q "SELECT count(*) FROM \"LivePresence\" WHERE \"SessionId\" = $live_session AND \"LeftAt\" IS NULL AND \"ConnectionId\" LIKE 'node$victim%'")
    check "live ($who): node $victim's open presence rows closed by its restart" "$([ "$open_after" = 0 ]; echo $?)" "$open_rows open after the kill, $open_after after the restart"
  done
fi

# 3. A node killed during a roster import: in the people's insert, then in their accounts.
if [[ $scenarios == *,3,* ]]; then
  log "3. SIGKILL node 1 during a roster import of 3,000 people"
  make_roster() { # make_roster FILE PREFIX-DIGIT: 3,000 new people on the demo's organizations
    local surnames=(赵 钱 孙 李 周 吴 郑 王 冯 陈 褚 卫 蒋 沈 韩 杨) given=(伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平)
    head -n 1 "$root/content/roster.csv" > "$1"
    mapfile -t orgs < <(awk -F, 'NR > 1 { print $1 "," $2 "," $3 "," $4 "," $5 "," $6 "," $7 }' "$root/content/roster.csv" | awk '!seen[$0]++')
    for i in $(seq 0 2999); do
      printf '%s,%s%s%s,男,170%d%07d,从业人员,2024-03-01\n' "${orgs[$((i % ${#orgs[@]}))]}" "${surnames[$((i % 16))]}" "${given[$((i / 16 % 20))]}" \
        "${given[$((i / 320 % 20))]}" "$2" "$i"
    done >> "$1"
  }
  import() { # import NODE FILE -> HTTP status (the page)
    local token
    token=$(curl -s -b "$work/admin.jar" -c "$work/admin.jar" "${node_url[$1]}/admin/import" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
    curl -s -o "$work/import.html" -w '%{http_code}' -b "$work/admin.jar" -F "__RequestVerificationToken=$token" -F "file=@$2;type=text/csv" "${node_url[$1]}/admin/import"
  }
  busy() { # busy STAGE: node 1 is inside the import's transaction (People), or has begun the new people's accounts
    if [ "$1" = People ]; then
      [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'node1' AND (state = 'idle in transaction' OR query LIKE 'INSERT INTO \"People\"%')")" != 0 ]
    else
      [ "$(q "SELECT count(*) FROM \"AspNetUsers\" u JOIN \"People\" p ON p.\"Id\" = u.\"PersonId\" WHERE p.\"Mobile\" LIKE '1707%'")" != 0 ]
    fi
  }
  for stage in People AspNetUsers; do
    digit=$([ $stage = People ] && echo 6 || echo 7)
    make_roster "$work/roster-$stage.csv" "$digit"
    import 1 "$work/roster-$stage.csv" > "$work/import.status" &
    importing=$!
    seen=""
    for _ in $(seq 1 3000); do busy "$stage" && { seen=1; break; }; kill -0 $importing 2>/dev/null || break; sleep 0.02; done
    kill_node 1; wait $importing
    people=$(q "SELECT count(*) FROM \"People\" WHERE \"Mobile\" LIKE '170${digit}%'")
    accounts=$(q "SELECT count(*) FROM \"AspNetUsers\" u JOIN \"People\" p ON p.\"Id\" = u.\"PersonId\" WHERE p.\"Mobile\" LIKE '170${digit}%'")
    if [ -n "$seen" ]; then when="while writing $stage"; else when="after the import had finished"; fi
    echo "killed $when (the page: $(cat "$work/import.status")): $people of 3000 people, $accounts accounts"
    check "import ($stage): the roster whole or absent" "$([ "$people" = 0 ] || [ "$people" = 3000 ]; echo $?)" "$people of 3,000 people, $accounts accounts"
    # What the administrator does on an error page: imports the same file again (on whichever node answers).
    again=$(now); status=$(import 2 "$work/roster-$stage.csv")
    people=$(q "SELECT count(*) FROM \"People\" WHERE \"Mobile\" LIKE '170${digit}%'")
    accounts=$(q "SELECT count(*) FROM \"AspNetUsers\" u JOIN \"People\" p ON p.\"Id\" = u.\"PersonId\" WHERE p.\"Mobile\" LIKE '170${digit}%'")
    check "import ($stage): the same file again on node 2 completes it" "$([ "$people" = 3000 ] && [ "$accounts" = 3000 ]; echo $?)" \
      "page $status in $(since "$again") s: $people people, $accounts accounts"
    start_node 1; wait_node 1
  done
fi

# 4. PostgreSQL restarted under heartbeat load.
if [[ $scenarios == *,4,* ]]; then
  log "4. pg_ctl restart -m fast under $learners learners' heartbeats"
  # A lesson of its own, with a video longer than the run, uploaded and transcoded before the load starts.
  lesson=$(q 'SELECT "Id" FROM "Lessons" ORDER BY "Id" OFFSET 1 LIMIT 1')
  ffmpeg -v error -f lavfi -i testsrc2=size=320x180:rate=25 -t 180 -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$work/lesson.mp4"
  id=$(tus_create 1 "$work/lesson.mp4" "$lesson"); tus_patch 1 "$id" "$work/lesson.mp4" 0 >/dev/null
  # Ready, not only attached: a lesson takes its video once it plays, a playback starts once every rendition is done.
  for _ in $(seq 1 1500); do [[ $(asset_state "$id") == Ready* ]] && [ "$(q "SELECT \"MediaAssetId\" FROM \"Lessons\" WHERE \"Id\" = $lesson")" = "$id" ] && break; sleep 0.2; done
  progress_before=$(q "SELECT coalesce(sum(\"CoveredSeconds\"), 0) FROM \"LessonProgress\" WHERE \"LessonId\" = $lesson")
  rm -f "$work/heartbeat.in"
  echo "lesson $lesson: $(asset_state "$id")"
  dotnet "$driver" fault-heartbeat "$urls" "$lesson" "$learners" 60 5 "$work/heartbeat.in" > "$work/heartbeat.out" 2>&1 &
  beating=$!
  for _ in $(seq 1 1200); do [ -f "$work/heartbeat.in" ] && break; kill -0 $beating 2>/dev/null || break; sleep 0.2; done
  sleep 25
  restarted=$(now)
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg/cluster" -m fast -w restart > /dev/null
  echo "PostgreSQL back after $(since "$restarted") s"
  up=""
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "${node_url[1]}/health" && curl -sf -o /dev/null "${node_url[2]}/health" && { up=$(since "$restarted"); break; }
    sleep 0.1
  done
  wait $beating
  cat "$work/heartbeat.out"
  check "postgres: both nodes healthy again without a restart" "$([ -n "$up" ]; echo $?)" "/health of both ${up:-never} s after the restart began"
  sleep 5   # more than the flush interval: the last reports are written
  progress=$(q "SELECT coalesce(sum(\"CoveredSeconds\"), 0) - $progress_before FROM \"LessonProgress\" WHERE \"LessonId\" = $lesson")
  credited=$(grep -o 'credited by the servers. answers: [0-9.]*' "$work/heartbeat.out" | awk '{ print $NF }')
  lost=$(awk -v c="${credited:-0}" -v p="$progress" 'BEGIN { printf "%.1f", c - p }')
  check "postgres: progress credited in answers is in LessonProgress" "$([ -n "$credited" ] && awk -v l="$lost" 'BEGIN { exit !(l <= 0.5) }'; echo $?)" \
    "answers credited ${credited:-?} s, LessonProgress grew ${progress} s: ${lost} s missing"
  echo "watching flushes that failed and were retried: $(grep -hc 'Writing watching progress failed' "$work/node1.log" "$work/node2.log" | paste -sd+ | bc)"
fi

# 5. Redis stopped for 30 s under a live lecture on both nodes.
if [[ $scenarios == *,5,* ]]; then
  log "5. SIGSTOP redis-server for 30 s under a live lecture ($trainees trainees on both nodes)"
  rm -f "$work/live.in"
  dotnet "$driver" fault-live "$urls" "$live_session" "$trainees" 60 "$work/live.in" end > "$work/live.out" 2>&1 &
  live=$!
  for _ in $(seq 1 600); do [ -f "$work/live.in" ] && break; sleep 0.2; done
  sleep 10; kill -STOP "$redis_pid"; echo "redis stopped at second 10"
  sleep 30; kill -CONT "$redis_pid"; echo "redis back at second 40"
  wait $live; live_exit=$?
  cat "$work/live.out"
  check "redis: every trainee still or again connected at the end" "$live_exit"
  attendance=$(q "SELECT count(*) FROM \"LiveAttendance\" WHERE \"SessionId\" = $live_session")
  check "redis: attendance computed for every trainee at the end" "$([ "$attendance" -ge "$trainees" ]; echo $?)" "$attendance attendance rows"
fi

# 6. The node receiving a tus upload killed mid-PATCH.
if [[ $scenarios == *,6,* ]]; then
  log "6. SIGKILL node 2 mid-PATCH of a tus upload, resume on node 1"
  ffmpeg -v error -f lavfi -i testsrc2=size=1280x720:rate=25 -t 20 -c:v libx264 -preset ultrafast -b:v 8M -pix_fmt yuv420p "$work/upload.mp4"
  size=$(stat -c %s "$work/upload.mp4")
  id=$(tus_create 2 "$work/upload.mp4")
  # A first chunk that node 2 records (and keeps in the bucket), then the rest, cut by the kill.
  first=$((size / 4))
  first_status=$(head -c "$first" "$work/upload.mp4" | curl -s -o /dev/null -w '%{http_code}' -b "$work/admin.jar" -X PATCH -H "Tus-Resumable: 1.0.0" \
    -H "Upload-Offset: 0" -H "Content-Type: application/offset+octet-stream" --data-binary @- "${node_url[2]}/api/v1/uploads/$id")
  tus_patch 2 "$id" "$work/upload.mp4" "$first" --limit-rate 2M > "$work/patch.status" &
  patching=$!
  sleep 4; killed=$(now); kill_node 2; wait $patching
  offset=$(tus_offset 1 "$id")
  echo "first chunk of $first bytes: PATCH $first_status; killed 4 s into the next PATCH of $size bytes in all; HEAD on node 1: offset $offset"
  check "upload: node 1 goes on from the chunk node 2 recorded, not from 0" "$([ "$offset" = "$first" ]; echo $?)" "offset $offset of $size"
  attempts=0; status=""
  while [ "$(since "$killed" | cut -d. -f1)" -lt 300 ]; do
    offset=$(tus_offset 1 "$id"); attempts=$((attempts + 1))
    status=$(tus_patch 1 "$id" "$work/upload.mp4" "${offset:-0}")
    [ "$status" = 204 ] && [ "$(tus_offset 1 "$id")" = "$size" ] && break
    sleep 2
  done
  recovered=$(since "$killed")
  check "upload: resumed on node 1 and complete" "$([ "$(tus_offset 1 "$id")" = "$size" ]; echo $?)" "$attempts HEAD+PATCH rounds, complete ${recovered} s after the kill (last PATCH $status)"
  stored=$(find "$work/s3" -path "*sources*${id//-/}*" -name '*_S3rver_object' | head -n 1)
  hash_ok=1; [ -n "$stored" ] && [ "$(sha256sum < "$stored")" = "$(sha256sum < "$work/upload.mp4")" ] && hash_ok=0
  check "upload: the stored source's SHA-256 is the file's" "$hash_ok" "$([ -n "$stored" ] && echo "$(sha256sum < "$stored" | cut -c1-16)… both" || echo "source not found in the bucket")"
  start_node 2; wait_node 2
fi

ledger_after=$(q 'SELECT count(*) FROM "LedgerEntries"')
check "ledger: no line lost over the run" "$([ "$ledger_after" -ge "$ledger_before" ]; echo $?)" "$ledger_before lines before, $ledger_after after"
# Errors the nodes logged, by kind. Left out: the migration history tables' absence at the first start, and a
# duplicate audit sequence (two nodes appending at once: AuditTrail reads the other's line and tries again).
echo "duplicate audit sequences retried: $(grep -h 'fail:' "$work/node1.log" "$work/node2.log" | grep -c 'IX_AuditLog_Sequence')"
echo "errors in the node logs:"
grep -h 'fail:' "$work/node1.log" "$work/node2.log" | grep -v '_migrations ORDER BY' \
  | grep -v 'IX_AuditLog_Sequence' \
  | grep -o 'fail: [A-Za-z.]*\[[0-9]*\] .\{0,100\}' | cut -c7- | sort | uniq -c | sort -rn | head -n 8
log "done: $passes PASS, $fails FAIL; load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$fails" = 0 ]
