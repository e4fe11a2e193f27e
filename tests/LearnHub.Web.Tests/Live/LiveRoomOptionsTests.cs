using LearnHub.Courses.LectureHall.Live;
using LearnHub.Web.Features.LectureHall.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Tests.Live;

/// <summary>Live room settings out of range stop the start with a message naming the key.</summary>
public sealed class LiveRoomOptionsTests
{
    [Theory]
    [InlineData("LiveRoom:ChatBatchMilliseconds", "-1", "LiveRoom:ChatBatchMilliseconds must be 0 (each line alone) or more.")]
    [InlineData("LiveRoom:SlowClientSeconds", "0", "LiveRoom:SlowClientSeconds must be more than 0.")]
    [InlineData("LiveRoom:AttentionChecks:IntervalMinutes", "-5", "LiveRoom:AttentionChecks:IntervalMinutes must be 0 (only when staff launch one) or more.")]
    [InlineData("LiveRoom:AttentionChecks:Jitter", "1", "LiveRoom:AttentionChecks:Jitter must be between 0 and 0.9.")]
    [InlineData("LiveRoom:AttentionChecks:WindowSeconds", "0", "LiveRoom:AttentionChecks:WindowSeconds must be more than 0.")]
    [InlineData("LiveRoom:AttentionChecks:TickSeconds", "0", "LiveRoom:AttentionChecks:TickSeconds must be more than 0.")]
    public void A_setting_out_of_range_is_refused_at_start(string key, string value, string message) =>
        Assert.Contains(message, StartupValidation.Refusal(LiveRoomOptions.AddTo, key, value));

    [Fact]
    public void The_attention_schedule_and_the_node_come_from_the_section()
    {
        using var provider = StartupValidation.Start(LiveRoomOptions.AddTo, new Dictionary<string, string?>
        {
            ["LiveRoom:AttentionChecks:IntervalMinutes"] = "0",
            ["LiveRoom:AttentionChecks:WindowSeconds"] = "30",
        });
        var schedule = provider.GetRequiredService<AttentionSchedule>();

        Assert.False(schedule.Automatic);
        Assert.Equal(TimeSpan.FromSeconds(30), schedule.AnswerWindow);
        Assert.Equal(Environment.MachineName, provider.GetRequiredService<IOptions<LiveRoomOptions>>().Value.Node);
    }
}
