using LearnHub.Media.Live;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Media.Tests.Live;

/// <summary>Live video settings that cannot work stop the start with a message naming the key.</summary>
public sealed class LiveVideoOptionsTests
{
    [Theory]
    [InlineData("LiveVideo:RtmpPorts", "19359-19350", "LiveVideo:RtmpPorts must be a port or a range of ports such as 19350-19359, the first no higher than the last.")]
    [InlineData("LiveVideo:RtmpPorts", "rtmp", "LiveVideo:RtmpPorts must be a port or a range of ports such as 19350-19359, the first no higher than the last.")]
    [InlineData("LiveVideo:RtmpPorts", "19350-70000", "LiveVideo:RtmpPorts must be a port or a range of ports such as 19350-19359, the first no higher than the last.")]
    [InlineData("LiveVideo:MaxMessageBytes", "1024", "LiveVideo:MaxMessageBytes must be at least 65536.")]
    [InlineData("LiveVideo:SegmentSeconds", "10", "LiveVideo:SegmentSeconds must be between 1 and 6.")]
    public void A_setting_that_cannot_work_is_refused_at_start(string key, string value, string message) =>
        Assert.Contains(message, StartupValidation.Refusal(LiveVideoOptions.AddTo, key, value));

    [Theory]
    [InlineData("19400", 19400, 19400)]
    [InlineData("19350 - 19359", 19350, 19359)]
    public void A_single_port_or_a_range_is_taken(string ports, int first, int last)
    {
        using var provider = StartupValidation.Start(LiveVideoOptions.AddTo, new Dictionary<string, string?>
        {
            ["LiveVideo:RtmpPorts"] = ports,
            ["LiveRoom:Node"] = "web-2",
        });
        var options = provider.GetRequiredService<LiveVideoOptions>();

        Assert.Equal((first, last), (options.FirstPort, options.LastPort));
        Assert.Equal("web-2", options.Node);
    }
}
