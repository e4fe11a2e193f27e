using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using LearnHub.Courses.Calendar;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Web.Tests.Support;

/// <summary>
/// The real app with the demo content on a fresh SQLite file of its own (or PostgreSQL when a
/// connection string is given). One instance is shared per test class through IClassFixture.
/// On SQLite the file starts as a copy of the run's <see cref="DemoTemplate"/> for the same start
/// moment and demo settings, rather than migrating and loading the province again.
/// </summary>
public class LearnHubFactory : WebApplicationFactory<Program>
{
    public const string Password = "LearnHub-demo-2026";

    /// <summary>
    /// Where an app under test starts its clock unless its factory says otherwise: 10:00 China time on a
    /// weekday of 2027, a date none of the demo's content names. The demo is dated relative to it.
    /// </summary>
    public static readonly DateTimeOffset DefaultStart = new(2027, 3, 10, 10, 0, 0, TimeSpan.FromHours(8));

    private TestClock? _clock;

    /// <summary>A China-time wall-clock moment of the test day.</summary>
    public static DateTimeOffset OnTestDay(int hour, int minute) =>
        new(DefaultStart.Year, DefaultStart.Month, DefaultStart.Day, hour, minute, 0, DefaultStart.Offset);

    private readonly string _dataPath;
    private readonly bool _ownsData;

    /// <summary>The app's data folder, which no anonymous response may reveal.</summary>
    public string DataPath => _dataPath;

    public LearnHubFactory()
    {
        _dataPath = Path.Combine(Path.GetTempPath(), "learnhub-tests", Guid.NewGuid().ToString("N"));
        _ownsData = true;
    }

    /// <summary>An app on a data folder (database included) the caller keeps: a second instance on it is the same LearnHub restarted.</summary>
    protected LearnHubFactory(string dataPath)
    {
        _dataPath = dataPath;
    }

    protected virtual string? PostgresConnectionString => null;

    /// <summary>
    /// Settings that change what loading the demo writes (the programme's time zone would). They configure the app and
    /// key its demo template. Settings that act only once the app runs (mail, ports, attention checks, extra services)
    /// belong in <see cref="ConfigureWebHost"/> and leave the template shared.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> DemoSettings { get; } = new Dictionary<string, string>();

    /// <summary>Whether an empty data folder is filled from the demo template before the app starts (SQLite only).</summary>
    protected virtual bool StartsFromDemoTemplate => PostgresConnectionString is null;

    /// <summary>The app's clock: every date it sees comes from here, never from today.</summary>
    public TestClock Clock => _clock ??= CreateClock();

    /// <summary>The app's programme clock (China time over <see cref="Clock"/>).</summary>
    public ProgrammeClock Programme => Services.GetRequiredService<ProgrammeClock>();

    protected virtual TestClock CreateClock() => new(DefaultStart);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("LearnHub:DataPath", _dataPath);
        builder.UseSetting("LearnHub:Demo", "true");
        builder.UseSetting("LearnHub:ContentPath", RepositoryPath("content"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Generated demo videos would queue minutes of transcoding behind every test class.
        builder.UseSetting("Media:DemoVideos", "false");
        // A test class signs in far faster than people do, all from one address; SignInThrottleTests sets its own limit.
        builder.UseSetting("LearnHub:Accounts:SignInPostsPerMinute", "100000");
        builder.UseSetting("LearnHub:Accounts:TokenPostsPerMinute", "100000");
        foreach (var (name, value) in DemoSettings)
        {
            builder.UseSetting(name, value);
        }

        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        if (PostgresConnectionString is { } connectionString)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:LearnHub", connectionString);
        }
    }

    /// <summary>Copies the demo template into a data folder that has no database yet, then starts the app as usual.</summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        if (StartsFromDemoTemplate && !File.Exists(Path.Combine(_dataPath, "learnhub.db")))
        {
            // The demo is dated from the moment the app would load it: where a test already set the clock, that moment;
            // otherwise the start of a clock made for the purpose, so the app's own clock is not anchored before it runs.
            DemoTemplate.CopyTo(_dataPath, new DemoTemplateKey(_clock?.Now ?? CreateClock().Start, DemoSettings));
        }

        return base.CreateHost(builder);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each step.</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real sign-in form, antiforgery token included.</summary>
    public async Task<HttpClient> SignInAsync(string email)
    {
        var client = CreateBrowser();
        var response = await client.PostAsync("/account/sign-in", await FormWithTokenAsync(client, "/account/sign-in",
            new Dictionary<string, string> { ["Login"] = email, ["Password"] = Password }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    /// <summary>Loads a page and returns the form fields with its antiforgery token added.</summary>
    public static async Task<FormUrlEncodedContent> FormWithTokenAsync(HttpClient client, string page, Dictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = AntiforgeryToken(html);
        return new FormUrlEncodedContent(fields);
    }

    public static string AntiforgeryToken(string html)
    {
        var match = Regex.Match(html ?? "", "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("The page has no antiforgery token.");
    }

    public static string RepositoryPath(string relative)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LearnHub.sln")))
            {
                return Path.Combine(folder.FullName, relative);
            }
        }

        throw new DirectoryNotFoundException("LearnHub.sln not found above the test binaries.");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsData && Directory.Exists(_dataPath))
        {
            try
            {
                Directory.Delete(_dataPath, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}
