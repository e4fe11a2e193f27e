using System.Globalization;
using LearnHub.Courses.Notifications;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Notifications;

public sealed class NotificationTextTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Theory]
    [InlineData("zh-CN", "时间：2027-03-20 14:30；地点：另行通知。")]
    [InlineData("en", "on 2027-03-20 at 14:30; venue: to be announced.")]
    public async Task A_session_without_a_venue_is_announced_in_the_readers_language_not_as_a_blank(string culture, string expected)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        var notification = new Notification
        {
            MessageKey = "Notice.Registered",
            Arguments = string.Join(Notification.Separator, "社会组织财务管理", "2027-03-20", "14:30", Notification.Text("Notice.VenueToBeAnnounced")),
        };
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            Assert.Contains(expected, notifier.Render(notification).Body, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
