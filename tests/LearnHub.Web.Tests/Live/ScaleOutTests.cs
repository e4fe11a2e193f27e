using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LearnHub.Web.Tests.Live;

/// <summary>
/// Debian's redis-server on a free loopback port and two LearnHub nodes (the built server, each a
/// real process on its own Kestrel port) sharing one database and the Redis backplane.
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "learnhub-tests", "scaleout-" + Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _log = new();
    private readonly List<Process> _processes = [];

    /// <summary>The trainee's code for a live check, read from the nodes' shared database as the trainee reads it from the picture.</summary>
    public async Task<string> TraineeCodeAsync(int sessionId, int number)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dataPath, "learnhub.db")};Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c."Code" FROM "LiveAttentionCheck" c JOIN "People" p ON p."Id" = c."PersonId"
            WHERE c."SessionId" = $session AND c."Number" = $number AND p."Mobile" = '13800000001'
            """;
        command.Parameters.AddWithValue("$session", sessionId);
        command.Parameters.AddWithValue("$number", number);
        return (string?)await command.ExecuteScalarAsync() ?? "0000";
    }

    public string NodeA { get; private set; } = "";

    public string NodeB { get; private set; } = "";

    public int RedisPort { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataPath);
        RedisPort = FreePort();
        Start("redis-server", ["--port", $"{RedisPort}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], null);
        var redis = $"127.0.0.1:{RedisPort}";
        // Node A creates the database and the demo content; node B then starts on the same files.
        NodeA = await StartNodeAsync("a", redis);
        NodeB = await StartNodeAsync("b", redis);
    }

    /// <summary>Counts of commands Redis has run, from INFO commandstats.</summary>
    public async Task<long> RedisCallsAsync(string command)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{RedisPort},allowAdmin=true");
        var info = await redis.GetServer($"127.0.0.1:{RedisPort}").InfoAsync("commandstats");
        var stat = info.SelectMany(g => g).FirstOrDefault(p => p.Key == $"cmdstat_{command}");
        // "calls=12,usec=..."
        return stat.Value is null ? 0 : long.Parse(stat.Value.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private async Task<string> StartNodeAsync(string name, string redis)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var webProject = LearnHubFactory.RepositoryPath(Path.Combine("src", "LearnHub.Web"));
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(webProject, "bin", configuration, "net10.0", "LearnHub.Web.dll");
        Start("dotnet", [dll, "--urls", url, "--LearnHub:Demo=true", "--LearnHub:DataPath", _dataPath, "--Media:DemoVideos=false",
            "--LiveRoom:Redis", redis, "--LiveRoom:Node", name, "--Logging:LogLevel:Default=Warning"], webProject);
        await WaitForHealthAsync(url);
        return url;
    }

    private void Start(string file, string[] arguments, string? workingDirectory) =>
        _processes.Add(ServerProcess.Start(file, arguments, workingDirectory, realClock: file == "redis-server", line => Append(file, line)));

    private void Append(string source, string? line)
    {
        lock (_log)
        {
            _log.Append(source).Append(": ").AppendLine(line);
        }
    }

    private async Task WaitForHealthAsync(string url)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(300);
        while (DateTime.UtcNow < deadline)
        {
            if (_processes.Any(p => p.HasExited))
            {
                throw new InvalidOperationException("A process exited:\n" + Log());
            }

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

            await Task.Delay(250);
        }

        throw new TimeoutException($"{url} did not answer /health within 300 s:\n" + Log());
    }

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[Trait("Category", "Servers")]
public sealed class ScaleOutTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private const string Topic = "守牢底线：廉洁建设与风险防范";

    [Fact]
    public async Task A_slide_change_on_one_node_reaches_clients_on_the_other_and_a_late_joiner_there_sees_it()
    {
        var sessionId = await FindSessionAsync(nodes.NodeA);
        await using var lecturer = await ConnectAsync(nodes.NodeA, "lecturer2@learnhub.example", sessionId);
        var audience = 0;
        lecturer.On<int>("Audience", count => Volatile.Write(ref audience, count));
        // The trainee on node B speaks MessagePack; the lecturer on node A JSON.
        await using var trainee = await ConnectAsync(nodes.NodeB, "trainee@learnhub.example", sessionId, messagePack: true);
        await WaitForAsync(() => Volatile.Read(ref audience) == 1);
        Assert.Equal(1, Volatile.Read(ref audience));

        var publishesBefore = await nodes.RedisCallsAsync("publish");
        var seen = LiveTestSupport.Expect<LiveSlideDto>(trainee, "Slide");
        await lecturer.InvokeAsync("SetSlide", 2);
        var slide = await seen;
        Assert.Equal(2, slide.Index);
        Assert.Contains("违规收费", slide.Html, StringComparison.Ordinal);
        // One PUBLISH for the whole group, not one per client or per node.
        Assert.Equal(1, await nodes.RedisCallsAsync("publish") - publishesBefore);

        await lecturer.InvokeAsync("PublishNotice", "下半场从第三页开始");
        // A late joiner on node B, which never saw the change happen, lands on the current slide.
        var late = await BuildAsync(nodes.NodeB, "trainee2@learnhub.example", sessionId);
        var state = LiveTestSupport.Expect<LiveStateDto>(late, "State");
        await late.StartAsync();
        var caughtUp = await state;
        Assert.Equal(2, caughtUp.Slide.Index);
        Assert.Equal("下半场从第三页开始", caughtUp.Notice);

        // Presence is shared: the lecturer on A counts both trainees on B, and each once.
        await WaitForAsync(() => Volatile.Read(ref audience) == 2);
        Assert.Equal(2, Volatile.Read(ref audience));
        await late.DisposeAsync();
        await WaitForAsync(() => Volatile.Read(ref audience) == 1);
        Assert.Equal(1, Volatile.Read(ref audience));
    }

    [Fact]
    public async Task A_poll_answered_on_both_nodes_is_tallied_once_per_person()
    {
        var sessionId = await FindSessionAsync(nodes.NodeB);
        await using var lecturer = await ConnectAsync(nodes.NodeB, "lecturer2@learnhub.example", sessionId);
        await using var one = await ConnectAsync(nodes.NodeA, "trainee@learnhub.example", sessionId);
        await using var two = await ConnectAsync(nodes.NodeB, "trainee2@learnhub.example", sessionId);
        var launched = LiveTestSupport.Expect<LivePollDto>(one, "Poll");
        await lecturer.InvokeAsync("LaunchPoll", "两个节点是否一致？", new[] { "是", "否" });
        var poll = await launched;
        await one.InvokeAsync("AnswerPoll", poll.Id, 1);
        await one.InvokeAsync("AnswerPoll", poll.Id, 0);
        await two.InvokeAsync("AnswerPoll", poll.Id, 0);
        var results = LiveTestSupport.Expect<LivePollDto>(one, "Poll");
        await lecturer.InvokeAsync("ClosePoll");
        Assert.Equal([2, 0], (await results).Tally);
        // Closed on node B, refused on node A.
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => one.InvokeAsync("AnswerPoll", poll.Id, 1));
    }

    [Fact]
    public async Task A_chat_flood_through_two_nodes_is_throttled_as_one()
    {
        var sessionId = await FindSessionAsync(nodes.NodeA);
        // One person, two tabs, each on its own node: the allowance (5 per 10 s) is shared, not doubled.
        await using var onA = await ConnectAsync(nodes.NodeA, "trainee2@learnhub.example", sessionId);
        await using var onB = await ConnectAsync(nodes.NodeB, "trainee2@learnhub.example", sessionId);
        var delivered = 0;
        onA.On<LiveChatDto[]>("Chat", lines => Interlocked.Add(ref delivered, lines.Length));
        var refusedOnA = 0;
        var refusedOnB = 0;
        onA.On<string>("Refused", _ => Interlocked.Increment(ref refusedOnA));
        onB.On<string>("Refused", _ => Interlocked.Increment(ref refusedOnB));
        for (var i = 0; i < 4; i++)
        {
            await onA.InvokeAsync("SendChat", $"A{i}");
            await onB.InvokeAsync("SendChat", $"B{i}");
        }

        await WaitForAsync(() => Volatile.Read(ref delivered) >= 5 && Volatile.Read(ref refusedOnA) + Volatile.Read(ref refusedOnB) >= 3);
        await Task.Delay(500);
        Assert.Equal(5, Volatile.Read(ref delivered));
        Assert.Equal(3, Volatile.Read(ref refusedOnA) + Volatile.Read(ref refusedOnB));
        // Flooding is answered, not punished: both tabs stay connected.
        Assert.Equal(HubConnectionState.Connected, onA.State);
        Assert.Equal(HubConnectionState.Connected, onB.State);
    }

    [Fact]
    public async Task An_attention_check_put_on_one_node_is_answered_on_the_other()
    {
        var sessionId = await FindSessionAsync(nodes.NodeA);
        await using var lecturer = await ConnectAsync(nodes.NodeA, "lecturer2@learnhub.example", sessionId);
        await lecturer.InvokeAsync("StartLecture");
        await using var trainee = await ConnectAsync(nodes.NodeB, "trainee@learnhub.example", sessionId);
        await using var otherTab = await ConnectAsync(nodes.NodeA, "trainee@learnhub.example", sessionId);
        var asked = LiveTestSupport.Expect<LiveAttentionDto>(trainee, "AttentionCheck");
        var number = await lecturer.InvokeAsync<int>("LaunchAttentionCheck");
        Assert.Equal(number, (await asked).Number);
        var told = LiveTestSupport.Expect<int>(otherTab, "AttentionAnswered");
        Assert.True((await trainee.InvokeAsync<LiveAttentionResultDto>("AnswerAttentionCheck", number, await nodes.TraineeCodeAsync(sessionId, number))).Accepted);
        Assert.Equal(number, await told);
        // Node A, which put the check, takes a newer one; node B's copy of the room catches up before refusing the old number.
        var second = await lecturer.InvokeAsync<int>("LaunchAttentionCheck");
        Assert.Equal(number + 1, second);
        Assert.False((await trainee.InvokeAsync<LiveAttentionResultDto>("AnswerAttentionCheck", number, await nodes.TraineeCodeAsync(sessionId, number))).Accepted);
        Assert.True((await trainee.InvokeAsync<LiveAttentionResultDto>("AnswerAttentionCheck", second, await nodes.TraineeCodeAsync(sessionId, second))).Accepted);
    }

    private static async Task<int> FindSessionAsync(string node)
    {
        using var browser = await SignInAsync(node, "lecturer2@learnhub.example");
        for (var id = 1; id <= 60; id++)
        {
            var response = await browser.Client.GetAsync($"{node}/live/{id}");
            if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains(Topic, StringComparison.Ordinal))
            {
                return id;
            }
        }

        throw new InvalidOperationException("The demo's live session was not found.");
    }

    private static async Task<HubConnection> ConnectAsync(string node, string email, int sessionId, bool messagePack = false)
    {
        var connection = await BuildAsync(node, email, sessionId, messagePack);
        var state = LiveTestSupport.Expect<LiveStateDto>(connection, "State");
        await connection.StartAsync();
        await state;
        return connection;
    }

    /// <summary>WebSockets only, without negotiation: the way docs/deploy.md has clients reach several nodes.</summary>
    private static async Task<HubConnection> BuildAsync(string node, string email, int sessionId, bool messagePack = false)
    {
        var browser = await SignInAsync(node, email);
        var builder = new HubConnectionBuilder().WithUrl($"{node}{LiveRoomHub.Path}?session={sessionId}", options =>
        {
            options.SkipNegotiation = true;
            options.Transports = HttpTransportType.WebSockets;
            options.Cookies = browser.Cookies;
        });
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        return builder.Build();
    }

    private sealed record Browser(HttpClient Client, CookieContainer Cookies) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    private static async Task<Browser> SignInAsync(string node, string email)
    {
        var cookies = new CookieContainer();
#pragma warning disable CA2000 // the handler is disposed with the client
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
#pragma warning restore CA2000
        var form = await LearnHubFactory.FormWithTokenAsync(client, $"{node}/account/sign-in",
            new Dictionary<string, string> { ["Login"] = email, ["Password"] = LearnHubFactory.Password });
        var response = await client.PostAsync($"{node}/account/sign-in", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Browser(client, cookies);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }
    }
}
