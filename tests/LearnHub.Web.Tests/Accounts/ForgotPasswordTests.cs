using System.Net;
using LearnHub.Courses.Notifications;
using LearnHub.Web.Tests.Notifications;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static LearnHub.Web.Tests.Accounts.AccountTestSupport;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>"Forgot password" by SMS against the local provider: it says the same for every number and sends codes sparingly.</summary>
public sealed class ForgotPasswordTests(SmsFactory factory) : IClassFixture<SmsFactory>
{
    [Fact]
    public async Task Known_and_unknown_numbers_are_answered_alike_and_a_number_gets_one_code_a_minute_and_five_an_hour()
    {
        await ImportRosterAsync(factory, 601, ("伍一", "13760100001"));
        var known = await AskAsync("137 6010 0001");
        var unknown = await AskAsync("137 6019 9999");
        Assert.Equal(HttpStatusCode.Redirect, known.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, unknown.StatusCode);
        Assert.Equal("/account/reset#l=13760100001", known.Headers.Location?.OriginalString);
        Assert.Equal("/account/reset#l=13760199999", unknown.Headers.Location?.OriginalString);
        Assert.Equal(1, await CodesQueuedForAsync("13760100001"));
        Assert.Equal(0, await CodesQueuedForAsync("13760199999"));

        // Within the minute: refused, for the known number and the unknown one alike, and nothing sent.
        var again = await AskAsync("13760100001");
        var againUnknown = await AskAsync("13760199999");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("每分钟最多 1 次", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("每分钟最多 1 次", await againUnknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await CodesQueuedForAsync("13760100001"));

        for (var i = 2; i <= 5; i++)
        {
            factory.Clock.Now += TimeSpan.FromSeconds(61);
            Assert.Equal(HttpStatusCode.Redirect, (await AskAsync("13760100001")).StatusCode);
        }

        factory.Clock.Now += TimeSpan.FromSeconds(61);
        Assert.Equal(HttpStatusCode.OK, (await AskAsync("13760100001")).StatusCode);
        Assert.Equal(5, await CodesQueuedForAsync("13760100001"));
        factory.Clock.Now += TimeSpan.FromHours(1);
        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync("13760100001")).StatusCode);
    }

    private async Task<HttpResponseMessage> AskAsync(string login)
    {
        var browser = factory.CreateBrowser();
        return await browser.PostAsync("/account/forgot", await LearnHubFactory.FormWithTokenAsync(browser, "/account/forgot",
            new Dictionary<string, string> { ["Login"] = login }));
    }

    private Task<int> CodesQueuedForAsync(string mobile) =>
        Admin.AdminTestData.QueryAsync(factory, db => db.OutgoingSms.CountAsync(m => m.To == mobile && m.Template == SmsTemplate.Code));
}
