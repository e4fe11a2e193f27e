using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace LearnHub.Web.Tests.Support;

/// <summary>
/// The app with the demo on Kestrel (a real port on loopback) beside Debian's Chromium, so a test drives LearnHub in a
/// browser as people do while holding its clock: the clock stands still until the test moves it, which is how days pass
/// in a class that lasts two. The demo is loaded at <see cref="Start"/>, early on the first day of the demo class.
/// </summary>
public sealed class BrowserHostFactory : LearnHubFactory, IAsyncLifetime
{
    /// <summary>07:30 China time on the test day: before the first session of the demo class opens its check-in.</summary>
    public static readonly DateTimeOffset Start = OnTestDay(7, 30);

    public string BaseUrl { get; private set; } = "";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the browser tier's screenshots go, beside the end-to-end suite's.</summary>
    public static string Artifacts { get; } = RepositoryPath(Path.Combine("e2e", "artifacts"));

    protected override TestClock CreateClock() => new(Start, running: false);

    public async Task InitializeAsync()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        StartServer();
        BaseUrl = $"http://127.0.0.1:{port}";
        Directory.CreateDirectory(Artifacts);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A phone (375 × 812) in Chinese, with no cookies: each context is one person's browser.</summary>
    public Task<IBrowserContext> PhoneAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseUrl,
        ViewportSize = new ViewportSize { Width = 375, Height = 812 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = "zh-CN",
        AcceptDownloads = true,
    });

    public Task<IBrowserContext> DesktopAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseUrl,
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        Locale = "zh-CN",
    });

    /// <summary>Signs in through the sign-in form and waits until the landing page names the account.</summary>
    public static async Task SignInAsync(IPage page, string login, string password = Password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/account/sign-in");
        await page.FillAsync("#Login", login);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("form[action='/account/sign-in'] button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-testid=user-name]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        await DisposeAsync();
    }
}
