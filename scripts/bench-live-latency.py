#!/usr/bin/env python3
"""Live video latency on loopback: ffmpeg pushes a real-time test stream (testsrc + sine, H.264 with a
keyframe a second, AAC, RTMP) into a LearnHub live session with the session's key, and a signed-in
trainee polls the live playlist through LearnHub every 50 ms.

For every segment: *available* is when LearnHub first lists it; the newest frame in it was captured at
push start + its end time in the stream (push start is taken before ffmpeg is spawned, so encoder start-up
counts as latency: an upper bound). A player holding N segments behind the live edge (hls.js
liveSyncDurationCount, 2 in LearnHub's room) shows a frame captured N segments before that newest one,
so glass-to-glass = segment delay + N x segment length.

Usage: scripts/bench-live-latency.py [runs=5] [seconds=20]
"""
import http.cookiejar
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
SECONDS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
HOLD_BACK = 2  # live-video.js: liveSyncDurationCount
PASSWORD = os.environ.get("LEARNHUB_DEMO_PASSWORD", "LearnHub-demo-2026")


def client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def sign_in(base, email):
    opener = client()
    page = opener.open(base + "/account/sign-in").read().decode()
    token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"Email": email, "Password": PASSWORD, "__RequestVerificationToken": token}).encode()
    opener.open(base + "/account/sign-in", data)
    return opener


def get(opener, url):
    try:
        with opener.open(url, timeout=5) as response:
            return response.read().decode()
    except urllib.error.HTTPError:
        return None


def main():
    config = "Release" if os.path.exists(f"{ROOT}/src/LearnHub.Web/bin/Release/net10.0/LearnHub.Web.dll") else "Debug"
    dll = f"{ROOT}/src/LearnHub.Web/bin/{config}/net10.0/LearnHub.Web.dll"
    work = tempfile.mkdtemp(prefix="learnhub-live-bench.")
    port = 20000 + os.getpid() % 20000
    base = f"http://127.0.0.1:{port}"
    rtmp_ports = f"{port + 1}-{port + 4}"
    cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    print("== machine")
    print(f"cpu: {cpu}, {os.cpu_count()} cores; ffmpeg: {subprocess.run(['ffmpeg', '-version'], capture_output=True, text=True).stdout.split(chr(10))[0][:30]}; LearnHub build: {config}")
    print(f"stream: {SECONDS} s testsrc 1280x720 25 fps, x264 veryfast zerolatency, keyframe every 1 s, AAC; {RUNS} runs")
    server = subprocess.Popen(
        ["dotnet", dll, "--LearnHub:Demo=true", "--LearnHub:DataPath", f"{work}/data", "--Media:DemoVideos=false",
         "--urls", base, "--Logging:LogLevel:Default=Warning", "--LiveVideo:RtmpPorts", rtmp_ports, "--LiveVideo:ListenAddress", "127.0.0.1"],
        cwd=f"{ROOT}/src/LearnHub.Web", stdout=open(f"{work}/server.log", "w"), stderr=subprocess.STDOUT)
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(base + "/health", timeout=2)
                break
            except OSError:
                time.sleep(1)
        admin = sign_in(base, "admin@learnhub.example")
        trainee = sign_in(base, "trainee@learnhub.example")
        session = next(i for i in range(1, 200) if get(admin, f"{base}/live/{i}/console"))
        console = get(admin, f"{base}/live/{session}/console")
        rtmp_port = re.search(r"rtmp://[^:\"]+:(\d+)/live", console).group(1)
        key = re.search(r'id="lc-stream-key"[^>]*value="([^"]+)"', console).group(1)
        print(f"session {session}, rtmp port {rtmp_port}")

        delays, g2g = [], []
        for run in range(1, RUNS + 1):
            # Segments of the previous run still in the sliding playlist are not this run's.
            before = set(re.findall(r"^seg\d+\.ts$", get(trainee, f"{base}/live/{session}/video/index.m3u8") or "", re.M))
            start = time.time()
            push = subprocess.Popen(
                ["ffmpeg", "-v", "error", "-nostdin", "-re", "-f", "lavfi", "-i", f"testsrc=size=1280x720:rate=25:duration={SECONDS}",
                 "-f", "lavfi", "-i", f"sine=frequency=440:duration={SECONDS}", "-c:v", "libx264", "-preset", "veryfast",
                 "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", f"rtmp://127.0.0.1:{rtmp_port}/live/{key}"])
            seen, ends, run_delays = set(), {}, []
            stream_end = 0.0
            while push.poll() is None or time.time() - start < SECONDS + 3:
                text = get(trainee, f"{base}/live/{session}/video/index.m3u8")
                now = time.time()
                if text:
                    # Segment end times in the stream: the playlist slides, so keep the running total by name.
                    duration = None
                    for line in text.splitlines():
                        if line.startswith("#EXTINF:"):
                            duration = float(line[8:].split(",")[0])
                        elif line.endswith(".ts") and duration is not None and line not in before:
                            if line not in ends:
                                stream_end += duration
                                ends[line] = stream_end
                            if line not in seen:
                                seen.add(line)
                                # The first listing of this run's first segments may predate the poll: skip segment 0.
                                if len(seen) > 1:
                                    run_delays.append(now - (start + ends[line]))
                            duration = None
                if push.poll() is not None and time.time() - start > SECONDS + 3:
                    break
                time.sleep(0.05)
            push.wait()
            median = statistics.median(run_delays)
            delays.append(median)
            g2g.append(median + HOLD_BACK * 1.0)
            print(f"run {run}: {len(run_delays)} segments, newest frame listed after {median:.2f} s (median; min {min(run_delays):.2f}, max {max(run_delays):.2f});"
                  f" glass-to-glass with a {HOLD_BACK}-segment hold-back {median + HOLD_BACK:.2f} s")
            # The listener takes the next publish; an encoder reconnecting appends to the same playlist.
            time.sleep(2)
        print(f"median of runs: segment listed {statistics.median(delays):.2f} s after capture; glass-to-glass {statistics.median(g2g):.2f} s")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
