using Microsoft.AspNetCore.Hosting;

namespace LearnHub.Web.Tests.Support;

/// <summary>A server on loopback that stands in for one the app talks to, and the settings that point the app at it.</summary>
public interface ILocalServer : IAsyncDisposable
{
    IReadOnlyDictionary<string, string> Settings { get; }
}

/// <summary>
/// The app beside a local server (an SMTP server, an SMS provider) started before it, so the app is configured with
/// its address. The clock stands still until a test moves it; a test class takes it with IClassFixture.
/// </summary>
public abstract class LocalServerFactory<TServer> : LearnHubFactory, IAsyncLifetime
    where TServer : class, ILocalServer
{
    public TServer Local { get; private set; } = null!;

    protected abstract Task<TServer> StartServerAsync();

    protected override TestClock CreateClock() => new(DefaultStart, running: false);

    public async Task InitializeAsync() => Local = await StartServerAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Local.Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Local.DisposeAsync();
    }
}
