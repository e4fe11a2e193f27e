using LearnHub.Media.Streaming;
using Microsoft.AspNetCore.Http;

namespace LearnHub.Media.Tests;

/// <summary>Which requests the host may leave unauthenticated: only signed media URLs.</summary>
public class SignedPathTests
{
    [Theory]
    [InlineData("/media/3f2b8c1e9a4d4e0f8b7a6c5d4e3f2a1b/s/1795000000-abc/720p/seg_00001.ts", true)]
    [InlineData("/media/3f2b8c1e-9a4d-4e0f-8b7a-6c5d4e3f2a1b/s/1795000000-abc/master.m3u8", true)]
    [InlineData("/media/3f2b8c1e9a4d4e0f8b7a6c5d4e3f2a1b/720p/seg_00001.ts", false)]
    [InlineData("/media/3f2b8c1e9a4d4e0f8b7a6c5d4e3f2a1b/s", false)]
    [InlineData("/media/lessons/12/slides.pdf", false)]
    [InlineData("/media/not-a-guid/s/1795000000-abc/master.m3u8", false)]
    [InlineData("/mediax/3f2b8c1e9a4d4e0f8b7a6c5d4e3f2a1b/s/1-a/master.m3u8", false)]
    [InlineData("/api/v1/media/3f2b8c1e9a4d4e0f8b7a6c5d4e3f2a1b/s/1-a/master.m3u8", false)]
    [InlineData("/media", false)]
    public void Only_signed_media_urls_count_as_signed(string path, bool expected) =>
        Assert.Equal(expected, StreamingEndpoints.IsSigned(new PathString(path)));
}
