using System.Net.Http.Headers;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Media.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Tests;

/// <summary>
/// One LearnHub media node: Kestrel on a loopback port with the tus and streaming endpoints and the
/// transcode worker, on a data folder of its own and a database (and bucket) it may share with others.
/// </summary>
internal sealed class MediaNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MediaNode(WebApplication app, RecordingEvents events, string dataPath)
    {
        _app = app;
        Events = events;
        DataPath = dataPath;
    }

    public RecordingEvents Events { get; }

    public string DataPath { get; }

    public IServiceProvider Services => _app.Services;

    public HttpClient Http { get; private set; } = new();

    /// <summary>Starts a node; with <paramref name="clock"/> its leases, signed URLs and worker's waits run on that clock instead of the machine's.</summary>
    public static async Task<MediaNode> StartAsync(string dataPath, string database, IDictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration["LearnHub:DataPath"] = dataPath;
        builder.Configuration["ConnectionStrings:LearnHub"] = $"Data Source={database};Default Timeout=30";
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
        var events = new RecordingEvents();
        builder.Services.AddSingleton<IMediaEvents>(events);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddAuthorization();
        builder.AddMediaModule();
        var app = builder.Build();
        app.UseAuthorization();
        app.MapMediaEndpoints();
        app.MapMediaStreaming();
        await app.Services.MigrateMediaAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var node = new MediaNode(app, events, dataPath);
        node.Http = new HttpClient { BaseAddress = new Uri(address) };
        node.Http.DefaultRequestHeaders.Add("Tus-Resumable", "1.0.0");
        return node;
    }

    /// <summary>Uploads a file by tus in one PATCH and returns the asset id.</summary>
    public async Task<Guid> UploadAsync(string path)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        create.Headers.Add("Upload-Metadata", "filename " + Convert.ToBase64String("clip.mp4"u8.ToArray()));
        using var created = await Http.SendAsync(create);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        using var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(bytes) };
        patch.Headers.Add("Upload-Offset", "0");
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using var patched = await Http.SendAsync(patch);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, patched.StatusCode);
        return Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
    }

    public async Task<MediaAsset> FindAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MediaDbContext>().Assets.FindAsync(id) ?? throw new InvalidOperationException($"No asset {id}.");
    }

    public async Task<MediaAsset> WaitUntilDoneAsync(Guid id, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var asset = await FindAsync(id);
            if (asset.Status is MediaStatus.Ready or MediaStatus.Failed || DateTime.UtcNow > until)
            {
                return asset;
            }

            await Task.Delay(200);
        }
    }

    public string SignedBase(Guid id) => Services.GetRequiredService<MediaUrlSigner>().SignedBase(id);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
