using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LearnHub.Benchmarks.Faults;

/// <summary>
/// The client side of tests/LearnHub.Benchmarks/faults.sh: the script starts and kills the servers, these drivers are
/// the people using them meanwhile, and print what they saw. Accounts are the demo's (password sign-in; the nodes run
/// with LearnHub:Demo=true and bench0… trainee accounts added to a copy of the demo content).
/// <list type="bullet">
/// <item><c>fault-live URLS SESSION TRAINEES SECONDS MARKER [end]</c>: the lecturer (on the first node) and TRAINEES
/// trainees spread over the nodes join the live room; MARKER is written once all are in, so the script can kill a
/// node or stop Redis; the lecturer changes the slide every second. A dropped client reconnects to the next node, as
/// the pages do through a round-robin balancer. <c>end</c> ends the lecture at the end and counts the attendance.</item>
/// <item><c>fault-heartbeat URLS LESSON LEARNERS SECONDS INTERVAL MARKER</c>: LEARNERS trainees watch the lesson, each
/// on one node (a playback lives on its node), and report every INTERVAL s; per-second failures and the seconds the
/// server said it credited are printed, for the script to compare with LessonProgress.</item>
/// </list>
/// </summary>
internal static partial class FaultDrivers
{
    private const string Password = "LearnHub-demo-2026";

    public static async Task<int> LiveAsync(string[] args)
    {
        var urls = args[0].Split(',');
        var session = int.Parse(args[1], CultureInfo.InvariantCulture);
        var trainees = int.Parse(args[2], CultureInfo.InvariantCulture);
        var seconds = int.Parse(args[3], CultureInfo.InvariantCulture);
        var marker = args[4];
        var end = args.Length > 5 && args[5] == "end";

        var lecturerCookies = await SignInAsync(urls[0], "lecturer2@learnhub.example");
        var cookies = await Task.WhenAll(Enumerable.Range(0, trainees).Select(i => SignInAsync(urls[i % urls.Length], $"bench{i}@learnhub.example")));
        var clock = Stopwatch.StartNew();
        // Slides received per second of the run, by the node each trainee was on when it arrived.
        var received = new ConcurrentDictionary<(int Second, int Node), int>();
        // When each slide arrived (seconds of the run), by that node: a slide a second means no gap much over a second.
        var arrivals = new ConcurrentDictionary<int, ConcurrentBag<double>>();
        // Index TRAINEES is the lecturer.
        var onNode = new int[trainees + 1];
        var current = new HubConnection[trainees + 1];
        var reconnects = new ConcurrentBag<double>();
        var failedStarts = 0;
        var stopping = new CancellationTokenSource();

        async Task<HubConnection> ConnectAsync(int client, int firstNode, CookieContainer jar, bool lecturer)
        {
            for (var attempt = 0; ; attempt++)
            {
                var node = (firstNode + attempt) % urls.Length;
                var connection = new HubConnectionBuilder()
                    .WithUrl($"{urls[node]}/hubs/live?session={session}", options =>
                    {
                        options.SkipNegotiation = true;
                        options.Transports = HttpTransportType.WebSockets;
                        options.Cookies = jar;
                    })
                    .Build();
                if (!lecturer)
                {
                    connection.On<JsonElement>("Slide", _ =>
                    {
                        var at = clock.Elapsed.TotalSeconds;
                        received.AddOrUpdate(((int)at, onNode[client]), 1, (_, n) => n + 1);
                        arrivals.GetOrAdd(onNode[client], _ => []).Add(at);
                    });
                }

                try
                {
                    await connection.StartAsync(stopping.Token);
                    onNode[client] = node;
                    current[client] = connection;
                    connection.Closed += async _ =>
                    {
                        if (stopping.IsCancellationRequested)
                        {
                            return;
                        }

                        var lost = Stopwatch.GetTimestamp();
                        // The balancer sends the next attempt to another node: here, the next one in the list.
                        await ConnectAsync(client, node + 1, jar, lecturer);
                        reconnects.Add(Stopwatch.GetElapsedTime(lost).TotalSeconds);
                    };
                    return connection;
                }
                catch (Exception) when (!stopping.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failedStarts);
                    await connection.DisposeAsync();
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (attempt + 1))));
                }
            }
        }

        await (await ConnectAsync(trainees, 0, lecturerCookies, lecturer: true)).InvokeAsync("StartLecture");
        await Task.WhenAll(Enumerable.Range(0, trainees).Select(i => ConnectAsync(i, i % urls.Length, cookies[i], lecturer: false)));
        Console.WriteLine($"live: lecturer on node 1, {trainees} trainees in (" +
            string.Join(", ", Enumerable.Range(0, urls.Length).Select(n => $"node {n + 1}: {onNode.Take(trainees).Count(x => x == n)}")) + $") after {clock.Elapsed.TotalSeconds:0.0} s");
        var joined = clock.Elapsed.TotalSeconds;
        await File.WriteAllTextAsync(marker, "in");

        var slideErrors = 0;
        for (var tick = 0; clock.Elapsed.TotalSeconds < joined + seconds; tick++)
        {
            try
            {
                await current[trainees].InvokeAsync("SetSlide", tick % 4).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                slideErrors++;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Console.WriteLine($"live: not connected at the end: {current.Count(c => c.State != HubConnectionState.Connected)}");
        var missing = current.Count(c => c.State != HubConnectionState.Connected);
        Console.WriteLine($"live: slide changes that failed for the lecturer: {slideErrors}; failed connection attempts: {failedStarts}");
        var times = reconnects.OrderBy(x => x).ToList();
        Console.WriteLine(times.Count == 0
            ? "live: no client was disconnected"
            : $"live: {times.Count} reconnections, back after p50 {times[times.Count / 2]:0.0} s, max {times[^1]:0.0} s");
        // Stretches in which trainees on a node received no slide although the lecturer sent one a second. Arrival times,
        // not whole seconds: a slide sent at 1.99 s that arrives at 2.01 s leaves second 1 empty without anything being late.
        for (var node = 0; node < urls.Length; node++)
        {
            var previous = joined;
            var gaps = new List<string>();
            var arrived = arrivals.TryGetValue(node, out var bag) ? bag.Where(t => t > joined).Order().ToList() : [];
            foreach (var at in arrived.Append(joined + seconds))
            {
                if (at - previous > 1.5)
                {
                    gaps.Add($"{previous - joined:0.0}–{at - joined:0.0} s");
                }

                previous = Math.Max(previous, at);
            }

            Console.WriteLine($"live: trainees on node {node + 1}: slides received {received.Where(r => r.Key.Node == node).Sum(r => r.Value)}; " +
                (gaps.Count == 0 ? "no gap over 1.5 s" : $"gaps over 1.5 s without a slide: {string.Join(", ", gaps)} (after all joined)"));
        }

        if (end)
        {
            var attendance = await current[trainees].InvokeAsync<JsonElement>("EndLecture");
            Console.WriteLine($"live: lecture ended; attendance rows returned: {attendance.GetArrayLength()}");
        }

        await stopping.CancelAsync();
        await Task.WhenAll(current.Select(c => c.DisposeAsync().AsTask()));
        return missing == 0 ? 0 : 1;
    }

    public static async Task<int> HeartbeatAsync(string[] args)
    {
        var urls = args[0].Split(',');
        var lesson = int.Parse(args[1], CultureInfo.InvariantCulture);
        var learners = int.Parse(args[2], CultureInfo.InvariantCulture);
        var seconds = int.Parse(args[3], CultureInfo.InvariantCulture);
        var interval = int.Parse(args[4], CultureInfo.InvariantCulture);
        var marker = args[5];

        var jars = await Task.WhenAll(Enumerable.Range(0, learners).Select(i => SignInAsync(urls[i % urls.Length], $"bench{i}@learnhub.example")));
        var clients = jars.Select((jar, i) => new HttpClient(new HttpClientHandler { CookieContainer = jar })
        {
            BaseAddress = new Uri(urls[i % urls.Length]),
            Timeout = TimeSpan.FromSeconds(10),
        }).ToArray();
        var playbacks = new Guid[learners];
        var offsets = new double[learners];
        await Task.WhenAll(Enumerable.Range(0, learners).Select(async i =>
        {
            using var response = await clients[i].PostAsJsonAsync("/api/v1/playback/start", new { lessonId = lesson });
            response.EnsureSuccessStatusCode();
            var start = await response.Content.ReadFromJsonAsync<JsonElement>();
            playbacks[i] = start.GetProperty("playbackId").GetGuid();
            offsets[i] = start.GetProperty("furthestSeconds").GetDouble();
        }));
        Console.WriteLine($"heartbeat: {learners} playbacks started on {urls.Length} nodes; reports every {interval} s for {seconds} s");
        await File.WriteAllTextAsync(marker, "in");

        var clock = Stopwatch.StartNew();
        var failures = new ConcurrentDictionary<int, int>();
        var answered = new ConcurrentDictionary<int, int>();
        var kinds = new ConcurrentDictionary<string, int>();
        double credited = 0;
        var creditLock = new object();
        // Each learner's reports at its own phase within the interval, so load is spread evenly.
        await Task.WhenAll(Enumerable.Range(0, learners).Select(async i =>
        {
            await Task.Delay(TimeSpan.FromSeconds(interval * (1 + (i / (double)learners))));
            var played = offsets[i];
            for (var round = 0; clock.Elapsed.TotalSeconds < seconds; round++)
            {
                var second = (int)clock.Elapsed.TotalSeconds;
                try
                {
                    var body = new { playbackId = playbacks[i], visible = true, segments = new[] { new { from = played, to = played + interval, hidden = false } } };
                    using var response = await clients[i].PostAsJsonAsync("/api/v1/playback/heartbeat", body);
                    if (response.IsSuccessStatusCode)
                    {
                        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                        var seconds1 = answer.GetProperty("creditedSeconds").GetDouble();
                        lock (creditLock)
                        {
                            credited += seconds1;
                        }

                        answered.AddOrUpdate(second, 1, (_, n) => n + 1);
                        // What the player does after a report: it goes on playing from where the server has it.
                        played = answer.GetProperty("furthestSeconds").GetDouble();
                    }
                    else
                    {
                        failures.AddOrUpdate(second, 1, (_, n) => n + 1);
                        kinds.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failures.AddOrUpdate(second, 1, (_, n) => n + 1);
                    kinds.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                }

                var next = TimeSpan.FromSeconds(interval * (round + 2 + (i / (double)learners))) - clock.Elapsed;
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next);
                }
            }
        }));

        var failed = failures.Keys.Order().ToList();
        Console.WriteLine($"heartbeat: answered {answered.Values.Sum()}, failed {failures.Values.Sum()}" +
            (failed.Count == 0 ? "" : $" ({string.Join(", ", kinds.Select(k => $"{k.Key} × {k.Value}"))}) in seconds {Ranges(failed)} of the run"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heartbeat: credited by the servers' answers: {credited:0.0} s"));
        foreach (var client in clients)
        {
            client.Dispose();
        }

        return 0;
    }

    internal static async Task<CookieContainer> SignInAsync(string url, string login)
    {
        var jar = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false });
        var page = await client.GetStringAsync($"{url}/account/sign-in");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Login"] = login,
            ["Password"] = Password,
            ["__RequestVerificationToken"] = Antiforgery().Match(page).Groups[1].Value,
        });
        using var response = await client.PostAsync($"{url}/account/sign-in", form);
        return response.StatusCode == HttpStatusCode.Redirect ? jar : throw new InvalidOperationException($"Sign-in as {login} failed: {response.StatusCode}");
    }

    /// <summary>1, 2, 3, 7, 9, 10 as "1–3, 7, 9–10".</summary>
    internal static string Ranges(IReadOnlyList<int> sorted)
    {
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}–{sorted[j]}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
