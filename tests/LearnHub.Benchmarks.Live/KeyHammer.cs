using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace LearnHub.Benchmarks.Live;

/// <summary>
/// How long the lecturer's encoder waits to go live while the session's RTMP port is under attack:
/// processes publishing wrong keys in a loop, and a client that connects and never speaks. Every
/// attempt is measured against the same LearnHub node in the same round with the port left quiet,
/// so the figure to read is the ratio, not the seconds (the time to the first segment dominates).
/// "Live" means what a trainee sees: the playlist lists a segment it did not list before the publish.
/// </summary>
public static partial class KeyHammer
{
    public enum Attack { Quiet, WrongKeys, WrongKeysAndSilent }

    public sealed record Result(int Round, Attack Attack, double Seconds, int WrongPublishes);

    public static async Task<IReadOnlyList<Result>> RunAsync(Target target, int rounds, int hammers)
    {
        var url = target.Urls[0];
        using var lecturer = Client(target.Lecturer!);
        using var trainee = Client(target.Trainees[0]);
        var console = await lecturer.GetStringAsync($"{url}/live/{target.SessionId}/console");
        var port = int.Parse(RtmpUrl().Match(console).Groups[1].Value, CultureInfo.InvariantCulture);
        var key = StreamKey().Match(console).Groups[1].Value;

        // The wrong publishers send a small file as it is, so what they cost is LearnHub's side, not their encoding.
        var flv = Path.Combine(Path.GetTempPath(), $"learnhub-hammer-{Guid.NewGuid():N}.flv");
        using (var made = Ffmpeg("-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=5",
                   "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-f", "flv", flv))
        {
            await made.WaitForExitAsync();
        }

        var results = new List<Result>();
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                // Rotated, so no attack always runs first (on a fresh port) or last (after the others' debris).
                var attacks = Enum.GetValues<Attack>();
                foreach (var attack in attacks.Skip((round - 1) % attacks.Length).Concat(attacks.Take((round - 1) % attacks.Length)))
                {
                    var result = await MeasureAsync(url, trainee, target.SessionId, port, key, flv, attack, hammers);
                    results.Add(result with { Round = round });
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{round}\t{attack}\t{result.Seconds:F1} s\t{result.WrongPublishes} wrong publishes"));
                    // The relay's attempts and the ended publish's writer settle before the next measurement.
                    await Task.Delay(TimeSpan.FromSeconds(3));
                }
            }
        }
        finally
        {
            File.Delete(flv);
        }

        return results;
    }

    private static async Task<Result> MeasureAsync(string url, HttpClient trainee, int sessionId, int port, string key, string flv, Attack attack, int hammers)
    {
        var before = await SegmentsAsync(trainee, url, sessionId);
        using var silent = new TcpClient();
        if (attack == Attack.WrongKeysAndSilent)
        {
            await silent.ConnectAsync(IPAddress.Loopback, port);
        }

        using var hammering = new CancellationTokenSource();
        var attempts = 0;
        var hammerTasks = attack == Attack.Quiet ? [] : Enumerable.Range(0, hammers).Select(_ => Task.Run(async () =>
        {
            while (!hammering.IsCancellationRequested)
            {
                using var wrong = Ffmpeg("-v", "error", "-re", "-i", flv, "-c", "copy", "-f", "flv", $"rtmp://127.0.0.1:{port}/live/{NewKey()}");
                await wrong.WaitForExitAsync(CancellationToken.None);
                Interlocked.Increment(ref attempts);
            }
        })).ToList();
        while (attack != Attack.Quiet && Volatile.Read(ref attempts) < 4 * hammers)
        {
            await Task.Delay(100);
        }

        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(60);
        Process? right = null;
        try
        {
            // As an encoder does (OBS retries too): a publish that finds no listener is tried again.
            while (clock.Elapsed < deadline)
            {
                if (right is null || (right.HasExited && right.ExitCode != 0))
                {
                    right?.Dispose();
                    right = Push(port, key, seconds: 8);
                }

                if ((await SegmentsAsync(trainee, url, sessionId)).Except(before).Any())
                {
                    break;
                }

                await Task.Delay(100);
            }

            var waited = clock.Elapsed;
            var wrong = Volatile.Read(ref attempts);
            await hammering.CancelAsync();
            await Task.WhenAll(hammerTasks);
            return new Result(0, attack, waited < deadline ? waited.TotalSeconds : double.PositiveInfinity, wrong);
        }
        finally
        {
            if (right is { HasExited: false })
            {
                right.Kill(entireProcessTree: true);
                await right.WaitForExitAsync();
            }

            right?.Dispose();
        }
    }

    /// <summary>Writes the rounds' medians and each attack's median ratio to the quiet port in the same round.</summary>
    public static void Summarise(IReadOnlyList<Result> results)
    {
        Console.WriteLine("# medians over rounds; ratio = seconds / the quiet port's seconds in the same round, median of the rounds' ratios");
        foreach (var attack in results.GroupBy(r => r.Attack))
        {
            var ratios = attack.Select(r => r.Seconds / results.Single(q => q.Round == r.Round && q.Attack == Attack.Quiet).Seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median\t{attack.Key}\t{Statistics.Median(attack.Select(r => r.Seconds)):F1} s\tratio {Statistics.Median(ratios):F2}\tmax {attack.Max(r => r.Seconds):F1} s\twrong publishes {Statistics.Median(attack.Select(r => (double)r.WrongPublishes)):F0}"));
        }
    }

    private static async Task<HashSet<string>> SegmentsAsync(HttpClient trainee, string url, int sessionId)
    {
        var response = await trainee.GetAsync($"{url}/live/{sessionId}/video/index.m3u8");
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var playlist = await response.Content.ReadAsStringAsync();
        return [.. playlist.Split('\n').Select(l => l.Trim()).Where(l => l.EndsWith(".ts", StringComparison.Ordinal))];
    }

    /// <summary>ffmpeg as an encoder would be: real time, H.264 with a keyframe a second, AAC, FLV over RTMP.</summary>
    private static Process Push(int port, string key, int seconds) => Ffmpeg(
        "-v", "error", "-re", "-f", "lavfi", "-i", $"testsrc=size=320x240:rate=25:duration={seconds}", "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac",
        "-f", "flv", $"rtmp://127.0.0.1:{port}/live/{key}");

    private static Process Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        return process;
    }

    /// <summary>A key of the same shape as LearnHub's (160 random bits, URL-safe), never the session's.</summary>
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(20)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static HttpClient Client(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    [GeneratedRegex(@"rtmp://[^:""]+:(\d+)/live")]
    private static partial Regex RtmpUrl();

    [GeneratedRegex(@"id=""lc-stream-key""[^>]*value=""([^""]+)""")]
    private static partial Regex StreamKey();
}
