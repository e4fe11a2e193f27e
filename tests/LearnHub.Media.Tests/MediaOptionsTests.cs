using LearnHub.Media.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Media.Tests;

/// <summary>Media settings out of range stop the start with a message naming the key, instead of being quietly changed.</summary>
public sealed class MediaOptionsTests
{
    [Theory]
    [InlineData("Media:MaxConcurrentJobs", "0", "Media:MaxConcurrentJobs must be at least 1.")]
    [InlineData("Media:MaxUploadBytes", "0", "Media:MaxUploadBytes must be a positive number of bytes.")]
    [InlineData("Media:LeaseSeconds", "2.5", "Media:LeaseSeconds must be at least 3.")]
    [InlineData("Media:MaxDeckBytes", "-1", "Media:MaxDeckBytes must be a positive number of bytes.")]
    [InlineData("Media:MaxDeckPages", "0", "Media:MaxDeckPages must be at least 1.")]
    [InlineData("Media:DeckImageSize", "5000", "Media:DeckImageSize must be between 320 and 4096 pixels.")]
    [InlineData("Media:UrlSigningKey", "not a key!", "Media:UrlSigningKey must be base64 (or not set, for a key file in the data folder).")]
    public void A_setting_out_of_range_is_refused_at_start(string key, string value, string message) =>
        Assert.Contains(message, StartupValidation.Refusal(MediaOptions.AddTo, key, value));

    [Theory]
    [InlineData("Media:Storage", "Ftp", "Media:Storage must be Local or S3.")]
    [InlineData("Media:Storage", "s3", "Media:Storage is S3 but Media:S3:Bucket is not set.")]
    public void A_storage_that_cannot_be_used_is_refused_at_start(string key, string value, string message) =>
        Assert.Contains(message, StartupValidation.Refusal(MediaStorageOptions.AddTo, key, value));

    [Fact]
    public void The_smallest_allowed_values_are_taken_and_the_node_gets_a_suffix_of_its_process()
    {
        var settings = new Dictionary<string, string?>
        {
            ["LearnHub:DataPath"] = "/srv/learnhub",
            ["Media:LeaseSeconds"] = "3",
            ["Media:DeckImageSize"] = "320",
            ["Media:NodeId"] = "web-1",
        };
        using var provider = StartupValidation.Start(MediaOptions.AddTo, settings);
        var options = provider.GetRequiredService<MediaOptions>();
        Assert.Equal(TimeSpan.FromSeconds(3), options.Lease);
        Assert.Equal(320, options.DeckImageSize);
        Assert.Matches("^web-1-[0-9a-f]{8}$", options.NodeId);
        Assert.Equal(Path.Combine("/srv/learnhub", "media"), options.Root);
    }
}
