using System.Net;
using System.Net.Http.Headers;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Media.Storage;
using LearnHub.Media.Transcoding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Media.Tests;

/// <summary>
/// Several nodes on one database and one S3-compatible bucket (a real s3rver): uploads received by one
/// node are transcoded by another, served from the bucket with ranges by any, deleted everywhere; two
/// workers never run one job, and a dead worker's job is taken over when its lease runs out.
/// </summary>
[Trait("Category", "MediaTools")]
[Trait("Category", "Servers")]
public sealed class MultiNodeTests(S3Server s3) : IClassFixture<S3Server>, IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "learnhub-multinode-tests", Guid.NewGuid().ToString("N"));
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<MediaNode> _nodes = [];

    private string Database => Path.Combine(_root, "shared.db");

    private string Clips => Path.Combine(_root, "clips");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Clips);
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

    private async Task<MediaNode> NodeAsync(string name, bool transcodes, double leaseSeconds = 60, bool s3Storage = true, TimeProvider? clock = null)
    {
        var settings = s3Storage ? s3.Settings(_prefix) : [];
        settings["Media:Transcode"] = transcodes ? "true" : "false";
        settings["Media:LeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Media:NodeId"] = name;
        // Every node signs and checks playback URLs with the same key.
        settings["Media:UrlSigningKey"] = Convert.ToBase64String(new byte[32]);
        var node = await MediaNode.StartAsync(Path.Combine(_root, name), Database, settings, clock);
        _nodes.Add(node);
        return node;
    }

    private string Clip(string name, int width, int height, double seconds)
    {
        var path = Path.Combine(Clips, name);
        var (exit, errors) = MediaFixture.Run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=10:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", path]);
        Assert.True(exit == 0, errors);
        return path;
    }

    [Fact]
    public async Task An_upload_received_by_a_web_node_is_transcoded_by_a_worker_node_and_served_from_the_bucket_with_ranges()
    {
        var web = await NodeAsync("web", transcodes: false);
        var worker = await NodeAsync("worker", transcodes: true, leaseSeconds: 6);

        var id = await web.UploadAsync(Clip("lecture.mp4", 640, 360, 3));
        // Validated on the web node, and its source shared through the bucket for whichever node transcodes.
        var asset = await web.WaitUntilDoneAsync(id, TimeSpan.FromMinutes(2));
        Assert.True(asset.Status == MediaStatus.Ready, $"{asset.Status}: {asset.Error}");
        Assert.Contains(worker.Events.For(id), e => e.Status == MediaStatus.Ready);
        Assert.DoesNotContain(web.Events.For(id), e => e.Status == MediaStatus.Ready);

        var keys = await s3.KeysAsync($"{_prefix}/assets/{id:N}/");
        Assert.Contains($"{_prefix}/assets/{id:N}/master.m3u8", keys);
        Assert.Contains($"{_prefix}/assets/{id:N}/poster.jpg", keys);
        Assert.Contains(keys, k => k.StartsWith($"{_prefix}/assets/{id:N}/360p/segment_", StringComparison.Ordinal));
        // The source left the bucket and both disks once the ladder was published; no node keeps renditions locally.
        Assert.Empty(await s3.KeysAsync($"{_prefix}/sources/"));
        foreach (var node in new[] { web, worker })
        {
            Assert.False(File.Exists(Path.Combine(node.DataPath, "media", "uploads", id.ToString("N"))));
            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(node.DataPath, "media", "assets")));
            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(node.DataPath, "media", "work")));
        }

        // The web node, which never had the renditions, serves them from the bucket: whole, ranged, conditional.
        var signed = web.SignedBase(id);
        var segmentKey = keys.First(k => k.EndsWith("360p/segment_000.ts", StringComparison.Ordinal));
        var stored = await s3.GetAsync(segmentKey);
        var segmentUrl = signed + "360p/segment_000.ts";
        using (var whole = await web.Http.GetAsync(segmentUrl))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal("video/mp2t", whole.Content.Headers.ContentType?.MediaType);
            Assert.Equal(stored, await whole.Content.ReadAsByteArrayAsync());
        }

        using (var ranged = new HttpRequestMessage(HttpMethod.Get, segmentUrl))
        {
            ranged.Headers.Range = new RangeHeaderValue(1000, 1999);
            using var partial = await web.Http.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal($"bytes 1000-1999/{stored.Length}", partial.Content.Headers.ContentRange?.ToString());
            Assert.Equal(stored[1000..2000], await partial.Content.ReadAsByteArrayAsync());
        }

        using (var tail = new HttpRequestMessage(HttpMethod.Get, segmentUrl))
        {
            tail.Headers.Range = new RangeHeaderValue(null, 500);
            using var partial = await web.Http.SendAsync(tail);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(stored[^500..], await partial.Content.ReadAsByteArrayAsync());
        }

        using (var master = await web.Http.GetAsync(signed + "master.m3u8"))
        {
            Assert.Equal(HttpStatusCode.OK, master.StatusCode);
            using var again = new HttpRequestMessage(HttpMethod.Get, signed + "master.m3u8");
            again.Headers.IfNoneMatch.Add(master.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await web.Http.SendAsync(again)).StatusCode);
        }

        // Every rendition plays to the end over HTTP from the bucket.
        var (exit, errors) = MediaFixture.Run("ffmpeg", ["-v", "error", "-i", new Uri(web.Http.BaseAddress!, signed + "master.m3u8").ToString(), "-map", "0", "-f", "null", "-"]);
        Assert.True(exit == 0 && errors.Length == 0, errors);

        // Deleting on the web node removes every object of the asset.
        await using (var scope = web.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<MediaLibrary>().DeleteAsync(id, CancellationToken.None));
        }

        Assert.Empty(await s3.KeysAsync($"{_prefix}/assets/{id:N}/"));
        Assert.Equal(HttpStatusCode.NotFound, (await web.Http.GetAsync(segmentUrl)).StatusCode);
    }

    /// <summary>
    /// The chunks of one upload alternate between two nodes, as a balancer without any affinity sends them: each node
    /// continues from the parts the other left in the bucket, the node with the last chunk holds the whole file, and
    /// the worker transcodes the bucket's source, not the beginning still on its own disk. Once the upload is whole the
    /// parts go, and once it is published the beginning goes too.
    /// </summary>
    [Fact]
    public async Task The_chunks_of_one_upload_may_alternate_between_nodes_and_the_source_is_the_whole_file()
    {
        var web = await NodeAsync("alternate-web", transcodes: false);
        var worker = await NodeAsync("alternate-worker", transcodes: true, leaseSeconds: 6);
        var bytes = await File.ReadAllBytesAsync(Clip("alternate.mp4", 320, 180, 2));
        var third = bytes.Length / 3 + 1;

        var (location, id) = await CreateUploadAsync(web, bytes.Length);
        Task<HttpStatusCode> PatchAsync(MediaNode node, int offset, byte[] content) => PatchUploadAsync(node, location, offset, content);

        Assert.Equal(HttpStatusCode.NoContent, await PatchAsync(worker, 0, bytes[..third]));
        Assert.Equal(HttpStatusCode.NoContent, await PatchAsync(web, third, bytes[third..(2 * third)]));
        Assert.Equal(2 * third, (await web.FindAsync(id)).UploadOffset);
        Assert.Equal(2, (await s3.KeysAsync($"{_prefix}/uploads/{id:N}/")).Count);
        // The web node filled in the first third from the bucket; the worker still has only its own third.
        Assert.Equal(bytes[..(2 * third)], await File.ReadAllBytesAsync(Path.Combine(web.DataPath, "media", "uploads", id.ToString("N"))));
        Assert.Equal(third, new FileInfo(Path.Combine(worker.DataPath, "media", "uploads", id.ToString("N"))).Length);

        Assert.Equal(HttpStatusCode.NoContent, await PatchAsync(worker, 2 * third, bytes[(2 * third)..]));
        var asset = await web.WaitUntilDoneAsync(id, TimeSpan.FromMinutes(2));
        Assert.True(asset.Status == MediaStatus.Ready, $"{asset.Status}: {asset.Error}");
        Assert.Contains(worker.Events.For(id), e => e.Status == MediaStatus.Ready);
        Assert.Empty(await s3.KeysAsync($"{_prefix}/uploads/{id:N}/"));
        // The whole two seconds were probed and transcoded, not the worker's third.
        Assert.InRange(asset.DurationSeconds ?? 0, 1.9, 2.1);

        // The web node's copy of the beginning is swept with the other leftovers.
        await using (var scope = web.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LearnHub.Media.Upload.ResumableUploads>().DeleteExpiredAsync(CancellationToken.None);
        }

        Assert.False(File.Exists(Path.Combine(web.DataPath, "media", "uploads", id.ToString("N"))));
    }

    /// <summary>
    /// An upload begun where no parts were kept (in the bucket only since this version): a chunk reaching a node
    /// without the earlier ones is refused without leaving a file, and the client sends the file again from 0.
    /// </summary>
    [Fact]
    public async Task A_chunk_whose_earlier_bytes_are_nowhere_to_be_found_is_refused_and_leaves_nothing()
    {
        var web = await NodeAsync("moved-web", transcodes: false);
        var worker = await NodeAsync("moved-worker", transcodes: true, leaseSeconds: 6);
        var bytes = await File.ReadAllBytesAsync(Clip("moved.mp4", 320, 180, 2));
        var half = bytes.Length / 2;

        var (location, id) = await CreateUploadAsync(web, bytes.Length);
        Task<HttpStatusCode> PatchAsync(MediaNode node, int offset, byte[] content) => PatchUploadAsync(node, location, offset, content);

        Assert.Equal(HttpStatusCode.NoContent, await PatchAsync(worker, 0, bytes[..half]));
        foreach (var key in await s3.KeysAsync($"{_prefix}/uploads/{id:N}/"))
        {
            await s3.DeleteAsync(key);
        }

        Assert.Equal(HttpStatusCode.Conflict, await PatchAsync(web, half, bytes[half..]));
        Assert.False(File.Exists(Path.Combine(web.DataPath, "media", "uploads", id.ToString("N"))));
        Assert.Equal(0, (await web.FindAsync(id)).UploadOffset);

        Assert.Equal(HttpStatusCode.NoContent, await PatchAsync(web, 0, bytes));
        var asset = await web.WaitUntilDoneAsync(id, TimeSpan.FromMinutes(2));
        Assert.True(asset.Status == MediaStatus.Ready, $"{asset.Status}: {asset.Error}");
        Assert.Contains(worker.Events.For(id), e => e.Status == MediaStatus.Ready);
    }

    private static async Task<(string Location, Guid Id)> CreateUploadAsync(MediaNode node, int length)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var created = await node.Http.SendAsync(create);
        var location = created.Headers.Location!.ToString();
        return (location, Guid.Parse(location[(location.LastIndexOf('/') + 1)..]));
    }

    private static async Task<HttpStatusCode> PatchUploadAsync(MediaNode node, string location, int offset, byte[] content)
    {
        using var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(content) };
        patch.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using var response = await node.Http.SendAsync(patch);
        return response.StatusCode;
    }

    [Fact]
    public async Task Slides_live_in_the_bucket_and_are_replaced_and_deleted_there()
    {
        var node = await NodeAsync("slides", transcodes: false);
        var storage = node.Services.GetRequiredService<IMediaStorage>();
        Assert.False(await storage.HasSlidesAsync(7, CancellationToken.None));

        await storage.SaveSlidesAsync(7, new MemoryStream("%PDF-1.4 first"u8.ToArray()), CancellationToken.None);
        await storage.SaveSlidesAsync(7, new MemoryStream("%PDF-1.4 second"u8.ToArray()), CancellationToken.None);

        Assert.True(await storage.HasSlidesAsync(7, CancellationToken.None));
        Assert.Equal("%PDF-1.4 second", System.Text.Encoding.UTF8.GetString(await s3.GetAsync($"{_prefix}/slides/lesson-7.pdf")));
        var opened = await storage.OpenSlidesAsync(7, CancellationToken.None);
        await using (var content = opened!.Content)
        {
            content.Seek(9, SeekOrigin.Begin);
            Assert.Equal("second", await new StreamReader(content).ReadToEndAsync());
        }

        await storage.DeleteSlidesAsync(7, CancellationToken.None);
        Assert.False(await storage.HasSlidesAsync(7, CancellationToken.None));
        Assert.Empty(await s3.KeysAsync($"{_prefix}/slides/"));
    }

    [Fact]
    public async Task Two_workers_racing_for_jobs_claim_each_exactly_once()
    {
        var a = await NodeAsync("race-a", transcodes: false, s3Storage: false);
        var b = await NodeAsync("race-b", transcodes: false, s3Storage: false);
        var ids = new List<Guid>();
        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MediaDbContext>();
            for (var i = 0; i < 30; i++)
            {
                var asset = new MediaAsset(Guid.NewGuid(), $"job{i}.mp4", 1, "lecturer", null, TimeProvider.System.GetUtcNow());
                asset.Appended(1, TimeProvider.System.GetUtcNow());
                asset.Validated(1, 640, 360, TimeProvider.System.GetUtcNow());
                db.Assets.Add(asset);
                ids.Add(asset.Id);
            }

            await db.SaveChangesAsync();
        }

        // Four claimers, two on each node (each with its own connections), as fast as they can.
        async Task<List<Guid>> ClaimAllAsync(MediaNode node, string owner)
        {
            var mine = new List<Guid>();
            while (true)
            {
                await using var scope = node.Services.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<Transcoder>().ClaimNextAsync(owner, TimeSpan.FromMinutes(5), CancellationToken.None) is not { } id)
                {
                    return mine;
                }

                mine.Add(id);
            }
        }

        var claims = await Task.WhenAll(ClaimAllAsync(a, "a1"), ClaimAllAsync(a, "a2"), ClaimAllAsync(b, "b1"), ClaimAllAsync(b, "b2"));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(ids.Order(), all.Order());
        await using var check = a.Services.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<MediaDbContext>().Assets.AsNoTracking().Where(x => ids.Contains(x.Id)).ToListAsync();
        Assert.All(rows, r => Assert.Equal((MediaStatus.Processing, 1), (r.Status, r.Attempts)));
        // Each row names the claimer that got it, and no other claimer got it too.
        var owners = claims.Select((c, i) => (Owner: new[] { "a1", "a2", "b1", "b2" }[i], Ids: c)).ToList();
        Assert.All(rows, r => Assert.Equal(owners.Single(o => o.Ids.Contains(r.Id)).Owner, r.LeaseOwner));
    }

    [Fact]
    public async Task A_dead_workers_job_is_taken_over_once_its_lease_runs_out_and_the_dead_worker_cannot_write_to_it()
    {
        // Both nodes on one clock that only the test moves: the lease runs out when the test says, not when the machine gets round to it.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 10, 2, 0, 0, TimeSpan.Zero));
        var survivor = await NodeAsync("survivor", transcodes: false, leaseSeconds: 3, clock: clock);
        var id = await survivor.UploadAsync(Clip("orphan.mp4", 320, 180, 2));
        Assert.Equal(MediaStatus.Queued, (await survivor.FindAsync(id)).Status);

        // A worker claims the job with a 2 s lease and then dies without renewing it.
        await using (var scope = survivor.Services.CreateAsyncScope())
        {
            Assert.Equal(id, await scope.ServiceProvider.GetRequiredService<Transcoder>().ClaimNextAsync("dead", TimeSpan.FromSeconds(2), CancellationToken.None));
        }

        await using var deadScope = survivor.Services.CreateAsyncScope();
        var deadDb = deadScope.ServiceProvider.GetRequiredService<MediaDbContext>();
        var deadView = await deadDb.Assets.SingleAsync(a => a.Id == id);

        await using (var scope = survivor.Services.CreateAsyncScope())
        {
            // While the lease lasts nobody else may take it, up to the very moment it runs out.
            var other = scope.ServiceProvider.GetRequiredService<Transcoder>();
            Assert.Null(await other.ClaimNextAsync("other", TimeSpan.FromSeconds(30), CancellationToken.None));
            clock.Advance(TimeSpan.FromSeconds(2));
            Assert.Null(await other.ClaimNextAsync("other", TimeSpan.FromSeconds(30), CancellationToken.None));
        }

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var worker = await NodeAsync("heir", transcodes: true, leaseSeconds: 3, clock: clock);
        var done = await worker.WaitUntilDoneAsync(id, TimeSpan.FromMinutes(2));

        Assert.True(done.Status == MediaStatus.Ready, $"{done.Status}: {done.Error}");
        Assert.Equal(2, done.Attempts);
        Assert.Contains(worker.Events.For(id), e => e.Status == MediaStatus.Ready);
        await using (var scope = survivor.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<Transcoder>().RenewLeaseAsync(id, "dead", TimeSpan.FromSeconds(30), CancellationToken.None));
        }

        // Should the dead worker wake up, its writes are refused instead of undoing the heir's result.
        deadView.Failed(MediaFailure.TranscodeFailed, "late", TimeProvider.System.GetUtcNow());
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => deadDb.SaveChangesAsync());
        Assert.Equal(MediaStatus.Ready, (await worker.FindAsync(id)).Status);
    }

    [Fact]
    public async Task A_running_worker_renews_its_lease_on_its_clock_so_the_job_stays_its_own_past_the_first_lease()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 10, 2, 0, 0, TimeSpan.Zero));
        // A lease of five minutes: a worker renewing on the machine's clock would not renew once while this test runs.
        var worker = await NodeAsync("renewing", transcodes: true, leaseSeconds: 300, s3Storage: false, clock: clock);
        var id = await worker.UploadAsync(Clip("long.mp4", 1280, 720, 60));
        await WaitForAsync(async () => (await worker.FindAsync(id)).Status == MediaStatus.Processing);
        Assert.Equal(clock.GetUtcNow().AddSeconds(300), (await worker.FindAsync(id)).LeaseExpiresAt);

        // A third of the lease on, the worker renews it from the moment it looks.
        clock.Advance(TimeSpan.FromSeconds(100));
        await WaitForAsync(async () => (await worker.FindAsync(id)).LeaseExpiresAt == clock.GetUtcNow().AddSeconds(300));

        // Past the end of the first lease the job is still the worker's: nobody else may take it.
        clock.Advance(TimeSpan.FromSeconds(250));
        await using (var scope = worker.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Transcoder>().ClaimNextAsync("thief", TimeSpan.FromSeconds(30), CancellationToken.None));
        }

        var done = await worker.WaitUntilDoneAsync(id, TimeSpan.FromMinutes(4));
        Assert.Equal((MediaStatus.Ready, 1), (done.Status, done.Attempts));
    }

    /// <summary>Waits, at most a minute, for something the worker does as soon as it can; only ever for a positive.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The condition did not come true in a minute.");
    }

    [Fact]
    public async Task Two_running_workers_share_the_queue_without_running_a_job_twice()
    {
        // Leases far shorter than a transcode: only the renewals keep a job with its worker.
        var a = await NodeAsync("pair-a", transcodes: true, leaseSeconds: 3);
        var b = await NodeAsync("pair-b", transcodes: true, leaseSeconds: 3);
        var clip = Clip("shared.mp4", 640, 360, 12);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await (i % 2 == 0 ? a : b).UploadAsync(clip));
        }

        foreach (var id in ids)
        {
            var done = await a.WaitUntilDoneAsync(id, TimeSpan.FromMinutes(4));
            Assert.Equal((MediaStatus.Ready, 1), (done.Status, done.Attempts));
            // Exactly one of the nodes ran it.
            var ranOn = new[] { a, b }.Where(n => n.Events.For(id).Any(e => e.Status == MediaStatus.Processing)).ToList();
            Assert.Single(ranOn);
        }
    }
}
