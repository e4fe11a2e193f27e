using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Media.Tests;

/// <summary>
/// tus uploads had no quota, no expiry and no locking: hundreds of 4 GiB creations were accepted in a second,
/// abandoned uploads stayed for ever, and two PATCHes at one offset both wrote. Nodes here share one database,
/// as several app nodes do.
/// </summary>
public sealed class ResumableUploadTests : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "learnhub-upload-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 10, 2, 0, 0, TimeSpan.Zero));
    private readonly List<MediaNode> _nodes = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<MediaNode> NodeAsync(string name, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Media:NodeId"] = name;
        settings["Media:Transcode"] = "false";
        var node = await MediaNode.StartAsync(Path.Combine(_root, name), Path.Combine(_root, "shared.db"), settings, _clock);
        _nodes.Add(node);
        return node;
    }

    [Fact]
    public async Task Creations_promising_more_than_the_quota_are_refused_with_413_until_uploads_finish_or_expire()
    {
        var node = await NodeAsync("a", new()
        {
            ["Media:MaxUploadBytes"] = (4 * MiB).ToString(CultureInfo.InvariantCulture),
            ["Media:UploadQuotaBytesPerUser"] = (8 * MiB).ToString(CultureInfo.InvariantCulture),
        });

        // The attack: 300 creations of the largest size, no byte sent.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 300; i++)
        {
            using var response = await CreateAsync(node, 4 * MiB);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(298, statuses.Count(s => s == HttpStatusCode.RequestEntityTooLarge));
        using (var refused = await CreateAsync(node, 1))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("UserQuota", problem.RootElement.GetProperty("refusal").GetString());
        }

        // Abandoned uploads stop counting once they expire.
        _clock.Advance(TimeSpan.FromHours(24));
        using var afterExpiry = await CreateAsync(node, 4 * MiB);
        Assert.Equal(HttpStatusCode.Created, afterExpiry.StatusCode);
    }

    [Fact]
    public async Task Everyones_unfinished_uploads_together_are_held_to_the_total_quota()
    {
        var node = await NodeAsync("a", new()
        {
            ["Media:UploadQuotaBytesPerUser"] = (100 * MiB).ToString(CultureInfo.InvariantCulture),
            ["Media:UploadQuotaBytes"] = (10 * MiB).ToString(CultureInfo.InvariantCulture),
        });

        using (var first = await CreateAsync(node, 6 * MiB))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var second = await CreateAsync(node, 6 * MiB);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, second.StatusCode);
        using var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal("TotalQuota", problem.RootElement.GetProperty("refusal").GetString());
    }

    [Fact]
    public async Task An_abandoned_upload_expires_and_the_worker_deletes_it_and_its_bytes()
    {
        var node = await NodeAsync("a");
        // Another node sweeps too: whichever deletes the row, the bytes on the receiving node's disk go.
        await NodeAsync("b");
        using var options = await node.Http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/v1/uploads"));
        Assert.Contains("expiration", options.Headers.GetValues("Tus-Extension").Single().Split(','));

        using var created = await CreateAsync(node, 2 * MiB);
        Assert.Equal(_clock.GetUtcNow().AddHours(24).ToString("R", CultureInfo.InvariantCulture), created.Headers.GetValues("Upload-Expires").Single());
        var url = created.Headers.Location!.ToString();
        var id = Guid.Parse(url[(url.LastIndexOf('/') + 1)..]);

        _clock.Advance(TimeSpan.FromHours(20));
        using (var patched = await PatchAsync(node, url, 0, new byte[MiB]))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
            // Each chunk received pushes the expiry on.
            Assert.Equal(_clock.GetUtcNow().AddHours(24).ToString("R", CultureInfo.InvariantCulture), patched.Headers.GetValues("Upload-Expires").Single());
        }

        var bytes = node.Services.GetRequiredService<Storage.IMediaStorage>().UploadPath(id);
        Assert.True(File.Exists(bytes));

        _clock.Advance(TimeSpan.FromHours(23));
        using (var head = await HeadAsync(node, url))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        // Expired: gone (410) until the sweeper, which runs on this clock too, has deleted it (404).
        _clock.Advance(TimeSpan.FromHours(1));
        using (var head = await HeadAsync(node, url))
        {
            Assert.Contains(head.StatusCode, (HttpStatusCode[])[HttpStatusCode.Gone, HttpStatusCode.NotFound]);
        }

        using (var late = await PatchAsync(node, url, MiB, new byte[MiB]))
        {
            Assert.Contains(late.StatusCode, (HttpStatusCode[])[HttpStatusCode.Gone, HttpStatusCode.NotFound]);
        }

        // The workers sweep on the same clock: the next rounds after expiry delete the row and the bytes.
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await ExistsAsync(node, id) || File.Exists(bytes)) && DateTime.UtcNow < until)
        {
            _clock.Advance(TimeSpan.FromMinutes(15));
            await Task.Delay(200);
        }

        Assert.False(await ExistsAsync(node, id));
        Assert.False(File.Exists(bytes));
        using var gone = await HeadAsync(node, url);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Of_two_concurrent_patches_at_one_offset_on_two_nodes_only_one_writes_and_the_other_gets_409()
    {
        var a = await NodeAsync("a");
        var b = await NodeAsync("b");
        const int Half = 5_000_000;
        using var created = await CreateAsync(a, 2 * Half);
        var url = created.Headers.Location!.ToString();
        var id = Guid.Parse(url[(url.LastIndexOf('/') + 1)..]);

        // Node a's PATCH sends part of its body and waits, holding the upload.
        var first = new byte[Half];
        Array.Fill(first, (byte)1);
        var gate = new TaskCompletionSource();
        var slow = new GatedContent(first, gate.Task);
        slow.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using var slowPatch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = slow };
        slowPatch.Headers.Add("Upload-Offset", "0");
        var slowResponse = a.Http.SendAsync(slowPatch);
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await FindAsync(a, id)).LeaseOwner is null && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        Assert.NotNull((await FindAsync(a, id)).LeaseOwner);

        // Node b's PATCH at the same offset is refused before it writes a byte.
        var other = new byte[Half];
        Array.Fill(other, (byte)2);
        using (var second = await PatchAsync(b, url, 0, other))
        {
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        }

        // So is a second one on the same node.
        using (var third = await PatchAsync(a, url, 0, other))
        {
            Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        }

        gate.SetResult();
        using (var done = await slowResponse)
        {
            Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
            Assert.Equal(Half.ToString(CultureInfo.InvariantCulture), done.Headers.GetValues("Upload-Offset").Single());
        }

        var asset = await FindAsync(a, id);
        Assert.Equal(Half, asset.UploadOffset);
        Assert.Null(asset.LeaseOwner);
        Assert.All(await File.ReadAllBytesAsync(a.Services.GetRequiredService<Storage.IMediaStorage>().UploadPath(id)), x => Assert.Equal(1, x));
        Assert.False(File.Exists(b.Services.GetRequiredService<Storage.IMediaStorage>().UploadPath(id)));

        // The loser's client asks where the upload stands and goes on from there.
        using var head = await HeadAsync(b, url);
        Assert.Equal(Half.ToString(CultureInfo.InvariantCulture), head.Headers.GetValues("Upload-Offset").Single());
    }

    [Fact]
    public async Task A_patch_whose_node_died_holds_the_upload_only_until_its_lease_runs_out()
    {
        var node = await NodeAsync("a", new() { ["Media:LeaseSeconds"] = "30" });
        using var created = await CreateAsync(node, 2 * MiB);
        var url = created.Headers.Location!.ToString();
        var id = Guid.Parse(url[(url.LastIndexOf('/') + 1)..]);
        await using (var scope = node.Services.CreateAsyncScope())
        {
            // What a PATCH on a node that then died leaves behind.
            Assert.True(await scope.ServiceProvider.GetRequiredService<Upload.ResumableUploads>().ClaimAsync(id, 0, "dead-node/patch", CancellationToken.None));
        }

        using (var blocked = await PatchAsync(node, url, 0, new byte[MiB]))
        {
            Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        }

        _clock.Advance(TimeSpan.FromSeconds(31));
        using var resumed = await PatchAsync(node, url, 0, new byte[MiB]);
        Assert.Equal(HttpStatusCode.NoContent, resumed.StatusCode);
    }

    [Theory]
    [InlineData("clip.mp4\n", "clip.mp4")]
    [InlineData("讲座\r\n第一讲\t.mp4", "讲座第一讲.mp4")]
    [InlineData("\n", "upload")]
    public async Task A_file_name_keeps_only_its_printable_characters(string sent, string stored)
    {
        var node = await NodeAsync("a");
        using var created = await CreateAsync(node, MiB, sent);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var asset = await FindAsync(node, Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]));
        Assert.Equal(stored, asset.FileName);
    }

    private static async Task<HttpResponseMessage> CreateAsync(MediaNode node, long length, string fileName = "clip.mp4")
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", length.ToString(CultureInfo.InvariantCulture));
        create.Headers.Add("Upload-Metadata", "filename " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(fileName)));
        return await node.Http.SendAsync(create);
    }

    private static async Task<HttpResponseMessage> PatchAsync(MediaNode node, string url, long offset, byte[] body)
    {
        using var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new ByteArrayContent(body) };
        patch.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return await node.Http.SendAsync(patch);
    }

    private static async Task<HttpResponseMessage> HeadAsync(MediaNode node, string url) =>
        await node.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

    private static async Task<MediaAsset> FindAsync(MediaNode node, Guid id)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MediaDbContext>().Assets.AsNoTracking().SingleAsync(a => a.Id == id);
    }

    private static async Task<bool> ExistsAsync(MediaNode node, Guid id)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MediaDbContext>().Assets.AnyAsync(a => a.Id == id);
    }

    /// <summary>A body that sends its first bytes at once and the rest only when the gate opens: a PATCH still in flight.</summary>
    private sealed class GatedContent(byte[] bytes, Task gate) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, 1000));
            await stream.FlushAsync();
            await gate;
            await stream.WriteAsync(bytes.AsMemory(1000));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
