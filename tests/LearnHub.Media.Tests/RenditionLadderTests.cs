using LearnHub.Media.Transcoding;

namespace LearnHub.Media.Tests;

public sealed class RenditionLadderTests
{
    [Fact]
    public void A_1080p_source_gets_360p_720p_and_1080p_lowest_first()
    {
        var ladder = RenditionLadder.For(1920, 1080);
        Assert.Equal([360, 720, 1080], ladder.Select(r => r.Height));
        Assert.Equal([640, 1280, 1920], ladder.Select(r => r.Width));
    }

    [Fact]
    public void A_720p_source_is_never_upscaled_to_1080p()
    {
        Assert.Equal([360, 720], RenditionLadder.For(1280, 720).Select(r => r.Height));
    }

    [Fact]
    public void A_source_between_rungs_gets_only_the_rungs_below_it()
    {
        Assert.Equal([360, 720], RenditionLadder.For(1440, 900).Select(r => r.Height));
        Assert.Equal([360], RenditionLadder.For(640, 360).Select(r => r.Height));
    }

    [Fact]
    public void A_240p_source_gets_one_rendition_at_its_own_height()
    {
        var only = Assert.Single(RenditionLadder.For(426, 240));
        Assert.Equal((426, 240), (only.Width, only.Height));
    }

    [Fact]
    public void Dimensions_are_even_for_h264()
    {
        var ladder = RenditionLadder.For(1000, 749);
        Assert.All(ladder, r => Assert.Equal((0, 0), (r.Width % 2, r.Height % 2)));
    }

    private static LearnHub.Media.Tools.ProbeResult Probe(string codec = "h264", string pixels = "yuv420p", string? audio = "aac",
        int width = 1280, int height = 720, long bitRate = 2_500_000) =>
        new(true, null, true, audio is not null, width, height, 30) { VideoCodec = codec, PixelFormat = pixels, AudioCodec = audio, BitRate = bitRate };

    [Fact]
    public void An_ordinary_h264_aac_recording_within_the_top_rung_is_served_as_it_is_first()
    {
        Assert.True(RenditionLadder.CanServeAsIs(Probe()));
        Assert.True(RenditionLadder.CanServeAsIs(Probe(audio: null)));
        Assert.True(RenditionLadder.CanServeAsIs(Probe(width: 1920, height: 1080, bitRate: 6_000_000)));
    }

    [Theory]
    [InlineData("hevc", "yuv420p", "aac", 1280, 720, 2_500_000)]
    [InlineData("h264", "yuv422p", "aac", 1280, 720, 2_500_000)]
    [InlineData("h264", "yuv420p10le", "aac", 1280, 720, 2_500_000)]
    [InlineData("h264", "yuv420p", "mp3", 1280, 720, 2_500_000)]
    [InlineData("h264", "yuv420p", "aac", 3840, 2160, 20_000_000)]
    [InlineData("h264", "yuv420p", "aac", 1280, 720, 25_000_000)]
    [InlineData("h264", "yuv420p", "aac", 1280, 720, 0)]
    public void Other_codecs_sizes_and_bit_rates_wait_for_the_ladder(string codec, string pixels, string audio, int width, int height, long bitRate) =>
        Assert.False(RenditionLadder.CanServeAsIs(Probe(codec, pixels, audio, width, height, bitRate)));
}
