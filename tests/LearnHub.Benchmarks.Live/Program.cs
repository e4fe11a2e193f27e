using System.Globalization;
using LearnHub.Benchmarks.Live;

// Live-room load driver (docs/benchmarks.md). It starts what it measures as child processes:
//   bare     the bare hub (BareHub.cs), only Clients.Group(...).SendAsync
//   live     one LearnHub node (the built LearnHub.Web.dll, demo content plus trainee accounts)
//   live2    two LearnHub nodes sharing one database and Redis (redis-server on a free port)
//   live-unbundled  one LearnHub node that sends every chat line alone (LiveRoom:ChatBatchMilliseconds=0)
// then, for each round and each client count, runs the same scenario against each target in turn.
// Usage: dotnet tests/LearnHub.Benchmarks.Live/bin/Release/net10.0/LearnHub.Benchmarks.Live.dll \
//          [--targets bare,live] [--clients 2000] [--seconds 30] [--rounds 3] [--slow 0] [--messagepack] [--chat-length 30]
//          [--accounts 100] [--web-dll src/LearnHub.Web/bin/Release/net10.0/LearnHub.Web.dll]
// The RTMP port under attack (KeyHammer.cs): one LearnHub node, the demo's live session, the lecturer's encoder going live
// with the port quiet, with wrong keys hammered at it, and with a silent connection added:
//        dotnet .../LearnHub.Benchmarks.Live.dll keyhammer [--rounds 5] [--hammers 3]
if (args is ["bare", var url])
{
    await BareHub.RunAsync(url);
    return 0;
}

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

if (args is ["keyhammer", ..])
{
    var hammerRounds = int.Parse(Option("--rounds", "5"), CultureInfo.InvariantCulture);
    var hammers = int.Parse(Option("--hammers", "3"), CultureInfo.InvariantCulture);
    var liveDll = Path.GetFullPath(Option("--web-dll", Path.Combine(Target.Root, "src", "LearnHub.Web", "bin", "Release", "net10.0", "LearnHub.Web.dll")));
    Console.WriteLine($"# {DateTime.UtcNow:u} on {Environment.ProcessorCount} cores; key hammer, {hammers} wrong-key publishers, {hammerRounds} rounds");
    await using var node = await Target.LiveAsync(1, liveDll, accounts: 1);
    KeyHammer.Summarise(await KeyHammer.RunAsync(node, hammerRounds, hammers));
    return 0;
}

var targets = Option("--targets", "bare,live").Split(',');
var counts = Option("--clients", "2000").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
var seconds = int.Parse(Option("--seconds", "30"), CultureInfo.InvariantCulture);
var rounds = int.Parse(Option("--rounds", "3"), CultureInfo.InvariantCulture);
var slowShares = Option("--slow", "0").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();
var accounts = int.Parse(Option("--accounts", "100"), CultureInfo.InvariantCulture);
var messagePack = args.Contains("--messagepack");
var chatLength = int.Parse(Option("--chat-length", "30"), CultureInfo.InvariantCulture);
var webDll = Path.GetFullPath(Option("--web-dll", Path.Combine(Target.Root, "src", "LearnHub.Web", "bin", "Release", "net10.0", "LearnHub.Web.dll")));

Console.WriteLine($"# {DateTime.UtcNow:u} on {Environment.ProcessorCount} cores; targets {string.Join(",", targets)}; clients {string.Join(",", counts)}; " +
    $"{seconds} s; slow {string.Join(",", slowShares)} %; {(messagePack ? "MessagePack" : "JSON")}");
var started = new List<Target>();
try
{
    foreach (var name in targets)
    {
        started.Add(name switch
        {
            "bare" => await Target.BareAsync(),
            "live" => await Target.LiveAsync(1, webDll, accounts),
            "live2" => await Target.LiveAsync(2, webDll, accounts),
            "live-unbundled" => await Target.LiveAsync(1, webDll, accounts, bundled: false),
            _ => throw new ArgumentException($"Unknown target {name}."),
        });
    }

    // Warm-up, not recorded: the first run of a fresh server pays for JIT compilation and pools.
    foreach (var target in started)
    {
        await new Scenario(target, Math.Min(200, counts[0]), 5, 0, messagePack).RunAsync();
    }

    var results = new List<ScenarioResult>();
    Console.WriteLine("round\ttarget\tclients\tslow\tlost/expected\tp50 ms\tp99 ms\tmax ms\tMB before\tMB connected\tMB end\tKB/conn\tslides\tchats\tanswers\tfailures\tPUBLISH/slide\tslow closed");
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var count in counts)
        {
            foreach (var slow in slowShares)
            {
                foreach (var target in started)
                {
                    var r = await new Scenario(target, count, seconds, slow, messagePack, chatLength).RunAsync();
                    results.Add(r);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{round}\t{r.Target}\t{r.Clients}\t{r.Slow}\t{r.Lost}/{r.Expected}\t{r.P50:F1}\t{r.P99:F1}\t{r.Max:F0}\t{r.MemoryBeforeMb:F0}\t{r.MemoryConnectedMb:F0}\t{r.MemoryEndMb:F0}\t{r.BytesPerConnection / 1024:F1}\t{r.SlideChanges}\t{r.Chats}\t{r.PollAnswers}\t{r.Failures}\t{r.PublishesPerSlide:F1}\t{r.SlowClosed}"));
                    // Let the server settle (closing presence, collecting) before the next target.
                    await Task.Delay(TimeSpan.FromSeconds(5));
                }
            }
        }
    }

    Console.WriteLine("# medians over rounds; ratio = p99 / p99 of the first target in the same round, median of the rounds' ratios");
    foreach (var group in results.GroupBy(r => (r.Target, r.Clients, r.Slow)))
    {
        var firstTarget = started[0].Name;
        var ratios = group.Select((r, i) => r.P99 / results.Where(b => b.Target == firstTarget && b.Clients == r.Clients && b.Slow == r.Slow).ElementAt(i).P99).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median\t{group.Key.Target}\t{group.Key.Clients}\t{group.Key.Slow}\tlost {group.Sum(r => r.Lost)}\tp50 {Statistics.Median(group.Select(r => r.P50)):F1}\tp99 {Statistics.Median(group.Select(r => r.P99)):F1}\t" +
            $"ratio {Statistics.Median(ratios):F2}\tKB/conn {Statistics.Median(group.Select(r => r.BytesPerConnection / 1024)):F1}\tMB growth {Statistics.Median(group.Select(r => r.MemoryEndMb - r.MemoryConnectedMb)):F1}\tPUBLISH/slide {Statistics.Median(group.Select(r => r.PublishesPerSlide)):F1}"));
    }
}
finally
{
    foreach (var target in started)
    {
        await target.DisposeAsync();
    }
}

return 0;
