using LearnHub.Media.Assets;
using LearnHub.Media.Streaming;

namespace LearnHub.Media.Tests;

public sealed class FailureDetailTests
{
    [Theory]
    [InlineData("/srv/learnhub/data/media/3f2a/source.mp4: Invalid data found when processing input", "/srv/learnhub")]
    [InlineData(@"Could not find file 'C:\LearnHub\data\media\x\source.mp4'.", @"C:\LearnHub")]
    public void Media_error_detail_keeps_what_failed_but_no_absolute_path(string toolOutput, string root)
    {
        var detail = FailureDetail.WithoutPaths(toolOutput)!;

        Assert.DoesNotContain(root, detail, StringComparison.Ordinal);
        Assert.Contains("source.mp4", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Media_status_response_hides_the_data_path_of_a_failed_asset()
    {
        const string DataPath = "/var/lib/learnhub-data";
        var now = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8));
        var asset = new MediaAsset(Guid.NewGuid(), "lecture.mp4", 10, "owner", null, now);
        asset.Failed(MediaFailure.NotMedia, $"{DataPath}/media/{asset.Id:N}/source.mp4: moov atom not found", now);

        var response = MediaStatusResponse.From(asset, new MediaUrlSigner(new byte[32], TimeProvider.System), playable: false);

        Assert.DoesNotContain(DataPath, response.Detail, StringComparison.Ordinal);
        Assert.Contains("moov atom not found", response.Detail, StringComparison.Ordinal);
    }
}
