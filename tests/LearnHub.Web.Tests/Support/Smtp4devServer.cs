using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;

namespace LearnHub.Web.Tests.Support;

/// <summary>A message as smtp4dev received it: its envelope, its decoded subject and its plain-text body.</summary>
public sealed record ReceivedMail(string Id, string From, IReadOnlyList<string> To, string Subject, string Text);

/// <summary>
/// A real SMTP server on loopback: smtp4dev (the Rnwood.Smtp4dev dotnet tool, which ./test.sh installs into
/// .tools/smtp4dev) started on free ports with an in-memory store. What it received is read back through its HTTP API.
/// </summary>
public sealed class Smtp4devServer : ILocalServer
{
    private readonly Process _process;
    private readonly HttpClient _api;
    private readonly string _dataFolder;

    private Smtp4devServer(Process process, int smtpPort, Uri api, string dataFolder)
    {
        _process = process;
        SmtpPort = smtpPort;
        _api = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
        _dataFolder = dataFolder;
    }

    public static string ToolPath => LearnHubFactory.RepositoryPath(Path.Combine(".tools", "smtp4dev", "smtp4dev"));

    public int SmtpPort { get; }

    /// <summary>The settings that send the app's mail here.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["LearnHub:Smtp:Enabled"] = "true",
        ["LearnHub:Smtp:Host"] = "127.0.0.1",
        ["LearnHub:Smtp:Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["LearnHub:Smtp:Security"] = "None",
    };

    public static async Task<Smtp4devServer> StartAsync()
    {
        if (!File.Exists(ToolPath))
        {
            throw new FileNotFoundException(
                "smtp4dev is not installed: ./test.sh installs it, or run 'dotnet tool install Rnwood.Smtp4dev --version 3.15.0 --tool-path .tools/smtp4dev'.", ToolPath);
        }

        var smtpPort = FreePort();
        var webPort = FreePort();
        var dataFolder = Path.Combine(Path.GetTempPath(), "learnhub-tests", "smtp4dev-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var start = new ProcessStartInfo(ToolPath)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dataFolder,
        };
        foreach (var argument in new[]
                 {
                     $"--smtpport={smtpPort}", $"--urls=http://127.0.0.1:{webPort}", "--db=", "--imapport=", "--pop3port=", "--nousersettings",
                     "--bindaddress=127.0.0.1", "--disableipv6", "--tlsmode=None", $"--baseappdatapath={dataFolder}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("smtp4dev did not start.");
        // Its output is read so that a full pipe never blocks it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Smtp4devServer(process, smtpPort, new Uri($"http://127.0.0.1:{webPort}/"), dataFolder);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await server.MessagesAsync();
                return server;
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(90) && !process.HasExited)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Every message received, newest first, each with its plain-text body.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesAsync()
    {
        var page = await _api.GetFromJsonAsync<MessagePage>("api/messages?pageSize=500") ?? new MessagePage([]);
        var messages = new List<ReceivedMail>();
        foreach (var summary in page.Results)
        {
            var text = await _api.GetStringAsync($"api/messages/{summary.Id}/plaintext");
            messages.Add(new ReceivedMail(summary.Id, summary.From, summary.To, summary.Subject, text));
        }

        return messages;
    }

    /// <summary>A loopback port nothing listens on (at the moment it is asked for).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the rest of the temp folder.
        }
    }

    private sealed record MessagePage([property: JsonPropertyName("results")] IReadOnlyList<MessageSummary> Results);

    private sealed record MessageSummary(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("from")] string From,
        [property: JsonPropertyName("to")] IReadOnlyList<string> To,
        [property: JsonPropertyName("subject")] string Subject);
}
