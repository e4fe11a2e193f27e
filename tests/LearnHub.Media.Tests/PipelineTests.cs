using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Media.Transcoding;
using LearnHub.Media.Upload;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Media.Tests;

/// <summary>Validation and transcoding against the real ffprobe and ffmpeg.</summary>
[Trait("Category", "MediaTools")]
public sealed class PipelineTests(MediaFixture fixture) : IClassFixture<MediaFixture>
{
    private async Task<MediaAsset> ValidateAsync(Guid id)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UploadValidator>().ValidateAsync(id, CancellationToken.None);
    }

    private async Task TranscodeAsync(Guid id)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MediaDbContext>();
        // Started directly rather than claimed: other tests in the class may leave queued jobs behind.
        (await db.Assets.FindAsync(id))!.Started(TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<Transcoder>().RunAsync(id, CancellationToken.None);
    }

    private void AssertNothingLeft(Guid id)
    {
        Assert.False(File.Exists(fixture.Storage.UploadPath(id)));
        Assert.False(Directory.Exists(Path.Combine(fixture.MediaRoot, "assets", id.ToString("N"))));
    }

    [Theory]
    [InlineData(640, 360, new[] { 360 })]
    [InlineData(1920, 1080, new[] { 360, 720, 1080 })]
    [InlineData(426, 240, new[] { 240 })]
    public async Task A_valid_clip_is_transcoded_to_a_playable_hls_ladder(int width, int height, int[] heights)
    {
        var id = await fixture.UploadAsync(fixture.Clip($"clip{height}.mp4", width, height, 3));

        var validated = await ValidateAsync(id);
        Assert.Equal(MediaStatus.Queued, validated.Status);
        await TranscodeAsync(id);

        var asset = await fixture.FindAsync(id);
        Assert.Equal((MediaStatus.Ready, 1.0), (asset.Status, asset.Progress));
        Assert.InRange(asset.DurationSeconds ?? 0, 2.5, 3.5);
        var folder = Path.Combine(fixture.MediaRoot, "assets", id.ToString("N"));
        var master = Path.Combine(folder, "master.m3u8");
        var lines = await File.ReadAllLinesAsync(master);
        var variants = lines.Where(l => l.StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal)).ToList();
        Assert.Equal(heights.Length, variants.Count);
        Assert.All(variants, v => Assert.Contains("BANDWIDTH=", v, StringComparison.Ordinal));
        // Lowest first, so players that take the first variant start small.
        Assert.Contains($"x{heights[0]}", variants[0], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "poster.jpg")));
        Assert.False(File.Exists(fixture.Storage.UploadPath(id)));

        Assert.Equal(0, MediaFixture.Run("ffprobe", ["-v", "error", master]).Exit);
        var events = fixture.Events.For(id);
        Assert.Equal(MediaStatus.Ready, events[^1].Status);
        Assert.Contains(events, e => e.Status == MediaStatus.Processing && e.Progress is > 0 and < 1);
        foreach (var h in heights)
        {
            var variant = Path.Combine(folder, $"{h}p", "index.m3u8");
            // Segments are cut at the forced 4 s keyframes, so none is longer (a 3 s clip makes one of 3 s).
            var target = (await File.ReadAllLinesAsync(variant)).Single(l => l.StartsWith("#EXT-X-TARGETDURATION:", StringComparison.Ordinal));
            Assert.InRange(int.Parse(target.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), 1, Transcoder.SegmentSeconds);
            var (exit, errors) = MediaFixture.Run("ffmpeg", ["-v", "error", "-i", variant, "-f", "null", "-"]);
            Assert.True(exit == 0 && errors.Length == 0, errors);
        }
    }

    [Fact]
    public async Task A_text_file_named_mp4_is_refused_as_not_media()
    {
        var path = Path.Combine(fixture.Clips, "notes.mp4");
        await File.WriteAllTextAsync(path, "这不是视频 — this is not a video.\n");
        var id = await fixture.UploadAsync(path);

        var asset = await ValidateAsync(id);

        Assert.Equal((MediaStatus.Failed, MediaFailure.NotMedia), (asset.Status, asset.Failure));
        AssertNothingLeft(id);
    }

    [Fact]
    public async Task A_truncated_mp4_is_refused_as_truncated()
    {
        var whole = await File.ReadAllBytesAsync(fixture.Clip("whole.mp4", 320, 180, 2));
        var path = Path.Combine(fixture.Clips, "half.mp4");
        await File.WriteAllBytesAsync(path, whole[..(whole.Length / 2)]);
        var id = await fixture.UploadAsync(path);

        var asset = await ValidateAsync(id);

        Assert.Equal((MediaStatus.Failed, MediaFailure.Truncated), (asset.Status, asset.Failure));
        AssertNothingLeft(id);
    }

    [Fact]
    public async Task A_faststart_mp4_cut_off_in_its_media_data_is_refused_as_truncated()
    {
        var whole = Path.Combine(fixture.Clips, "faststart.mp4");
        var (exit, errors) = MediaFixture.Run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=10:duration=4",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-movflags", "+faststart", whole]);
        Assert.True(exit == 0, errors);
        var bytes = await File.ReadAllBytesAsync(whole);
        var path = Path.Combine(fixture.Clips, "faststart-cut.mp4");
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length * 6 / 10)]);
        // The premise: the index is at the front, so ffprobe alone sees a whole video.
        Assert.Equal(0, MediaFixture.Run("ffprobe", ["-v", "error", path]).Exit);
        Assert.False(await UploadValidator.IsCutShortAsync(whole, CancellationToken.None));

        var id = await fixture.UploadAsync(path);
        var asset = await ValidateAsync(id);

        Assert.Equal((MediaStatus.Failed, MediaFailure.Truncated), (asset.Status, asset.Failure));
        AssertNothingLeft(id);
        var intact = await ValidateAsync(await fixture.UploadAsync(whole));
        Assert.Equal(MediaStatus.Queued, intact.Status);
    }

    [Fact]
    public async Task An_audio_only_file_is_refused_for_having_no_video()
    {
        var id = await fixture.UploadAsync(fixture.Clip("sound.m4a", 0, 0, 2, video: false));

        var asset = await ValidateAsync(id);

        Assert.Equal((MediaStatus.Failed, MediaFailure.NoVideoStream), (asset.Status, asset.Failure));
        AssertNothingLeft(id);
    }

    [Fact]
    public async Task Jobs_left_processing_by_a_restart_are_queued_again()
    {
        var id = await fixture.UploadAsync(fixture.Clip("restart.mp4", 320, 180, 1));
        await ValidateAsync(id);
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MediaDbContext>();
            var asset = await db.Assets.FindAsync(id);
            asset!.Started(TimeProvider.System.GetUtcNow());
            await db.SaveChangesAsync();
        }

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<Transcoder>().RequeueInterruptedAsync(CancellationToken.None) >= 1);
        }

        Assert.Equal(MediaStatus.Queued, (await fixture.FindAsync(id)).Status);
    }

    [Fact]
    public async Task An_h264_aac_source_plays_as_it_is_before_the_ladder_is_done_and_its_segments_stay_after()
    {
        var id = await fixture.UploadAsync(fixture.Clip("asis.mp4", 640, 360, 3));
        await ValidateAsync(id);
        await TranscodeAsync(id);

        var folder = Path.Combine(fixture.MediaRoot, "assets", id.ToString("N"));
        var events = fixture.Events.For(id);
        // The as-is publication ran beside the ladder while the asset was still processing.
        Assert.Contains(events, e => e.Status == MediaStatus.Processing);
        var asIs = Path.Combine(folder, Transcoder.AsIsFolder, "index.m3u8");
        Assert.True(File.Exists(asIs));
        Assert.Equal(0, MediaFixture.Run("ffprobe", ["-v", "error", asIs]).Exit);
        // The final master lists only the keyframe-aligned ladder.
        var master = await File.ReadAllTextAsync(Path.Combine(folder, "master.m3u8"));
        Assert.DoesNotContain(Transcoder.AsIsFolder + "/", master, StringComparison.Ordinal);
        Assert.Contains("360p/index.m3u8", master, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_transcode_keeps_a_reason_and_can_be_retried()
    {
        var id = await fixture.UploadAsync(fixture.Clip("lost.mp4", 320, 180, 1));
        await ValidateAsync(id);
        // The source vanishes between validation and transcoding (a disk fault, say).
        File.Delete(fixture.Storage.UploadPath(id));
        await TranscodeAsync(id);

        var failed = await fixture.FindAsync(id);
        Assert.Equal((MediaStatus.Failed, MediaFailure.TranscodeFailed), (failed.Status, failed.Failure));
        Assert.False(string.IsNullOrWhiteSpace(failed.Error));
        Assert.Empty(Directory.GetDirectories(Path.Combine(fixture.MediaRoot, "work"), $"{id:N}*"));

        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MediaDbContext>();
        var asset = await db.Assets.FindAsync(id);
        asset!.Requeue(TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
        Assert.Equal(MediaStatus.Queued, (await fixture.FindAsync(id)).Status);
    }
}
