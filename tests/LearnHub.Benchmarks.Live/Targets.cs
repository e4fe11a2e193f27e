using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace LearnHub.Benchmarks.Live;

/// <summary>
/// What the load driver connects to: the bare hub, one LearnHub node, or two LearnHub nodes sharing
/// a database and Redis. Each is started here as child processes on free loopback ports.
/// </summary>
public sealed partial class Target : IAsyncDisposable
{
    private readonly List<Process> _servers = [];
    private readonly List<Process> _others = [];

    private Target(string name) => Name = name;

    public string Name { get; }

    public List<string> Urls { get; } = [];

    public int? RedisPort { get; private set; }

    public int SessionId { get; private set; } = 1;

    /// <summary>The trainees' cookies (several connections share one account, as tabs do); empty for the bare hub.</summary>
    public List<CookieContainer> Trainees { get; } = [];

    public CookieContainer? Lecturer { get; private set; }

    public static async Task<Target> BareAsync()
    {
        var target = new Target("bare");
        var url = $"http://127.0.0.1:{FreePort()}";
        target._servers.Add(Start("dotnet", [typeof(BareHub).Assembly.Location, "bare", url], null));
        await WaitForHealthAsync(url);
        target.Urls.Add(url);
        return target;
    }

    /// <summary>LearnHub on <paramref name="nodes"/> nodes; <paramref name="bundled"/> false sends every chat line alone (LiveRoom:ChatBatchMilliseconds=0).</summary>
    public static async Task<Target> LiveAsync(int nodes, string webDll, int accounts, bool bundled = true)
    {
        var target = new Target((nodes == 1 ? "live" : $"live×{nodes}+redis") + (bundled ? "" : "-unbundled"));
        try
        {
            await target.StartLiveAsync(nodes, webDll, accounts, bundled);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    private async Task StartLiveAsync(int nodes, string webDll, int accounts, bool bundled)
    {
        var target = this;
        var folder = Path.Combine(Path.GetTempPath(), "learnhub-bench-live", Guid.NewGuid().ToString("N"));
        var content = Path.Combine(folder, "content");
        var mobiles = CopyContent(Path.Combine(Root, "content"), content, accounts);
        string[] redis = [];
        if (nodes > 1)
        {
            target.RedisPort = FreePort();
            target._others.Add(Start("redis-server", ["--port", $"{target.RedisPort}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], null));
            redis = ["--LiveRoom:Redis", $"127.0.0.1:{target.RedisPort}"];
        }

        for (var node = 0; node < nodes; node++)
        {
            var url = $"http://127.0.0.1:{FreePort()}";
            target._servers.Add(Start("dotnet", [webDll, "--urls", url, "--LearnHub:Demo=true", "--LearnHub:DataPath", Path.Combine(folder, "data"),
                "--LearnHub:ContentPath", content, "--Media:DemoVideos=false", "--Logging:LogLevel:Default=Warning",
                "--LiveRoom:Node", $"node{node}", "--LiveRoom:ChatBatchMilliseconds", bundled ? "250" : "0",
                "--LiveVideo:RtmpPorts", FreePortRange(10), .. redis], Path.GetDirectoryName(webDll)));
            await WaitForHealthAsync(url);
            target.Urls.Add(url);
        }

        target.Lecturer = await SignInAsync(target.Urls[0], "lecturer2@learnhub.example");
        for (var i = 0; i < mobiles; i++)
        {
            target.Trainees.Add(await SignInAsync(target.Urls[0], $"bench{i}@learnhub.example"));
        }

        target.SessionId = await FindSessionAsync(target.Urls[0], target.Lecturer);
    }

    /// <summary>Resident memory of the server processes (not Redis), in bytes.</summary>
    public long ServerMemory() => _servers.Sum(p => ResidentBytes(p.Id));

    /// <summary>How many PUBLISH commands Redis has run (INFO commandstats).</summary>
    public async Task<long> RedisPublishesAsync()
    {
        if (RedisPort is not { } port)
        {
            return 0;
        }

        var start = new ProcessStartInfo("redis-cli", ["-p", $"{port}", "info", "commandstats"]) { RedirectStandardOutput = true };
        using var cli = Process.Start(start)!;
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        var match = PublishCalls().Match(output);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _servers.Concat(_others))
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    public static string Root { get; } = FindRoot();

    [GeneratedRegex(@"cmdstat_publish:calls=(\d+)")]
    private static partial Regex PublishCalls();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>Copies the demo content and adds trainee accounts bench0… for the first roster people.</summary>
    private static int CopyContent(string from, string to, int accounts)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var demo = File.ReadAllText(Path.Combine(to, "demo-accounts.yaml"));
        var mobiles = File.ReadLines(Path.Combine(to, "roster.csv")).Skip(1).Select(l => l.Split(',')[9]).Distinct()
            .Where(m => !demo.Contains(m, StringComparison.Ordinal)).Take(accounts).ToList();
        var yaml = new StringBuilder(demo.TrimEnd()).AppendLine();
        for (var i = 0; i < mobiles.Count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - email: bench{i}@learnhub.example\n    role: Trainee\n    personMobile: \"{mobiles[i]}\"\n");
        }

        File.WriteAllText(Path.Combine(to, "demo-accounts.yaml"), yaml.ToString());
        return mobiles.Count;
    }

    private static async Task<CookieContainer> SignInAsync(string url, string email)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        var page = await client.GetStringAsync($"{url}/account/sign-in");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Login"] = email,
            ["Password"] = "LearnHub-demo-2026",
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value,
        });
        var response = await client.PostAsync($"{url}/account/sign-in", form);
        return response.StatusCode == HttpStatusCode.Redirect ? cookies : throw new InvalidOperationException($"Sign-in as {email} failed: {response.StatusCode}");
    }

    private static async Task<int> FindSessionAsync(string url, CookieContainer cookies)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        for (var id = 1; id <= 60; id++)
        {
            var response = await client.GetAsync($"{url}/live/{id}");
            if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("守牢底线", StringComparison.Ordinal))
            {
                return id;
            }
        }

        throw new InvalidOperationException("The demo's live session was not found.");
    }

    private static Process Start(string file, string[] arguments, string? workingDirectory)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine($"[{file}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHealthAsync(string url)
    {
        using var http = new HttpClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(600); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            try
            {
                if ((await http.GetAsync(url + "/health")).StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }

        throw new TimeoutException($"{url} did not start.");
    }

    private static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>
    /// Ten RTMP ports nobody listens on, so a node of this driver never meets a LearnHub already running here (or a
    /// second driver) on the default 19350-19359.
    /// </summary>
    private static string FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = FreePort();
            if (first + count > IPEndPoint.MaxPort)
            {
                continue;
            }

            var listeners = new List<TcpListener>();
            try
            {
                for (var port = first; port < first + count; port++)
                {
                    var listener = new TcpListener(IPAddress.Any, port);
                    listener.Start();
                    listeners.Add(listener);
                }

                return $"{first}-{first + count - 1}";
            }
            catch (SocketException)
            {
                // One of them is taken: try another start.
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LearnHub.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("LearnHub.sln not found above the benchmark's binaries.");
    }
}
