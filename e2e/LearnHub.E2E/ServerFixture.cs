using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace LearnHub.E2E;

/// <summary>
/// Starts the real LearnHub server (the built LearnHub.Web.dll with the demo content, on a free
/// loopback port and a fresh data folder) and Debian's Chromium, once for all end-to-end tests.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string Password = "LearnHub-demo-2026";

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "learnhub-e2e", Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _log = new();
    private Process? _server;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The server's data folder (its SQLite database lives here).</summary>
    public string DataPath => _dataPath;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Artifacts { get; } = Path.Combine(FindRoot(), "e2e", "artifacts");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Artifacts);
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var webProject = Path.Combine(RepositoryRoot, "src", "LearnHub.Web");
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(webProject, "bin", configuration, "net10.0", "LearnHub.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--LearnHub:Demo=true", "--LearnHub:DataPath", _dataPath, "--urls", BaseUrl,
            // Short demo clips: the demo path is exercised without queueing minutes of transcoding before the tests' own upload.
            "--Media:DemoVideoSeconds", "4",
            // Every journey signs in from this one address, far faster than a classroom does.
            "--LearnHub:Accounts:SignInPostsPerMinute", "10000"])
        {
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _server = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        _server.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _server.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitForHealthAsync();

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// A phone-sized browser context (375 × 812), Chinese unless told otherwise. <paramref name="bypassCsp"/> lets a
    /// test inject a script of its own (the accessibility checker), which the site's policy otherwise refuses.
    /// </summary>
    public Task<IBrowserContext> PhoneAsync(bool bypassCsp = false) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BypassCSP = bypassCsp,
        BaseURL = BaseUrl,
        ViewportSize = new ViewportSize { Width = 375, Height = 812 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = "zh-CN",
    });

    public Task<IBrowserContext> DesktopAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseUrl,
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        Locale = "zh-CN",
    });

    public static async Task SignInAsync(IPage page, string email)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/account/sign-in");
        await page.FillAsync("#Login", email);
        await page.FillAsync("#Password", Password);
        await page.ClickAsync("form[action='/account/sign-in'] button[type=submit]");
        // Signed in once the browser has left the sign-in page and the landing page names the account.
        // Waiting for a load state instead is fragile: the landing page's full "load" waits for every image
        // on it (posters of videos still being transcoded at start-up), and a lifecycle wait begun while
        // the redirect is committing can miss its event. A locator polls the page whatever it is doing.
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-testid=user-name]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>
    /// Today on the programme's clock (China time): the server under test runs on this machine's clock,
    /// and its demo is dated from the day it was loaded.
    /// </summary>
    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });

    public string ServerLog()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_server!.HasExited)
            {
                throw new InvalidOperationException("The server exited:\n" + ServerLog());
            }

            try
            {
                var response = await http.GetAsync(BaseUrl + "/health");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
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

        throw new TimeoutException("The server did not answer /health within 90 s:\n" + ServerLog());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
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

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LearnHub.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("LearnHub.sln not found");
    }
}

[CollectionDefinition(Name)]
public sealed class ServerGroup : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
