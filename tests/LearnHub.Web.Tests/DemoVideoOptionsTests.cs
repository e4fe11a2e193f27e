using LearnHub.Web.Features.Catalogue.Media;

namespace LearnHub.Web.Tests;

/// <summary>A demo clip length the demo cannot use stops the start instead of being quietly changed.</summary>
public sealed class DemoVideoOptionsTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("600")]
    public void A_clip_length_out_of_range_is_refused_at_start(string seconds) =>
        Assert.Contains("Media:DemoVideoSeconds must be between 2 and 120.", StartupValidation.Refusal(DemoVideoOptions.AddTo, "Media:DemoVideoSeconds", seconds));
}
