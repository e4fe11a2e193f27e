using System.Net;
using LearnHub.Courses.Notifications;
using LearnHub.Web.Tests.Notifications;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using LearnHub.Web.Features.Notifications.Sms;
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

    /// <summary>The whole way in for a person on a roster, and the way back after a forgotten password.</summary>
    [Fact]
    public async Task Roster_import_to_activation_from_the_sheet_mobile_sign_in_password_change_and_reset_by_sms_ending_old_sessions_and_tokens()
    {
        await ImportRosterAsync(factory, 602, ("柯一", "13760200001"), ("柯二", "13760200002"));
        var organization = await Admin.AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Mobile == "13760200001").Select(p => p.OrganizationId).SingleAsync());
        foreach (var mobile in new[] { "13760200001", "13760200002" })
        {
            Assert.Null((await AccountAsync(factory, mobile))!.PasswordHash);
        }


        // The administrator exports the organization's activation sheet.
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var sheet = await Admin.AccountTestData.PostAsync(admin, "/admin/accounts/bulk", new Dictionary<string, string>
        {
            ["action"] = "SheetXlsx", ["all"] = "true", ["organization"] = $"{organization}", ["state"] = "NotActivated",
            ["returnUrl"] = $"/admin/organizations/{organization}",
        });
        await using var stream = new MemoryStream(await sheet.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        var code = (string)rows.Single(r => (string?)r["手机号"] == "13760200001")["激活码"]!;

        var phone = factory.CreateBrowser();
        Assert.True(IsRedirectTo(await SetPasswordAsync(phone, "/account/activate", "13760200001", code, NewPassword), "/my/learning"));
        var laptop = factory.CreateBrowser();
        Assert.True(IsRedirectTo(await SignInAsync(laptop, "+86 137 6020 0001", NewPassword), "/my/learning"));

        var changed = await phone.PostAsync("/account/password", await LearnHubFactory.FormWithTokenAsync(phone, "/account", new Dictionary<string, string>
        {
            ["PasswordForm.CurrentPassword"] = NewPassword, ["PasswordForm.Password"] = "Changed-2027c", ["PasswordForm.ConfirmPassword"] = "Changed-2027c",
        }));
        Assert.True(IsRedirectTo(changed, "/account"));
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/my/learning")).StatusCode);

        // The phone's app holds a refresh token.
        var redirectUri = OidcClient.LoopbackRedirect(Random.Shared.Next(1024, 65535));
        var (verifier, challenge) = OidcClient.NewPkce();
        var authorization = await OidcClient.AuthorizeAsync(phone, redirectUri, "openid api offline_access", challenge);
        var (_, tokens) = await OidcClient.RedeemAsync(factory.CreateClient(), authorization, redirectUri, verifier);
        var refresh = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = OidcClient.CliClientId, ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
        };

        // Forgotten: a code by SMS through the provider, then a new password with it.
        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync("13760200001")).StatusCode);
        await SmsWorker.RunOnceAsync(factory.Services.GetRequiredService<IServiceScopeFactory>(), factory.Services.GetRequiredService<ISmsSender>(),
            factory.Services.GetRequiredService<IOptions<SmsOptions>>().Value, factory.Clock, NullLogger.Instance, CancellationToken.None);

        var message = Assert.Single(factory.Provider.Messages, m => m.PhoneNumber == "+8613760200001" && m.TemplateId == SmsProviderServer.CodeTemplateId);
        var browser = factory.CreateBrowser();
        Assert.True(IsRedirectTo(await SetPasswordAsync(browser, "/account/reset", "13760200001", Assert.Single(message.Parameters), "Spring-2027e"), "/my/learning"));

        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/my/learning")).StatusCode);
        var (refused, _) = await OidcClient.TokenAsync(factory.CreateClient(), refresh);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.True(IsRedirectTo(await SignInAsync(factory.CreateBrowser(), "13760200001", "Spring-2027e"), "/my/learning"));
        var trail = await Admin.AccountTestData.IdentityAsync(factory, db => db.AccountAudits.Where(a => a.TargetName == "柯一").Select(a => a.Action).ToListAsync());
        Assert.Contains(LearnHub.Web.Identity.Accounts.AccountAction.Activated, trail);
        Assert.Contains(LearnHub.Web.Identity.Accounts.AccountAction.PasswordChanged, trail);
        Assert.Contains(LearnHub.Web.Identity.Accounts.AccountAction.PasswordReset, trail);
    }

    [Fact]
    public async Task A_person_without_an_activation_code_activates_with_a_code_by_sms()
    {
        await ImportRosterAsync(factory, 603, ("温一", "13760300001"));
        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync("13760300001")).StatusCode);
        await SmsWorker.RunOnceAsync(factory.Services.GetRequiredService<IServiceScopeFactory>(), factory.Services.GetRequiredService<ISmsSender>(),
            factory.Services.GetRequiredService<IOptions<SmsOptions>>().Value, factory.Clock, NullLogger.Instance, CancellationToken.None);
        var message = Assert.Single(factory.Provider.Messages, m => m.PhoneNumber == "+8613760300001");

        Assert.True(IsRedirectTo(await SetPasswordAsync(factory.CreateBrowser(), "/account/reset", "13760300001", Assert.Single(message.Parameters), NewPassword), "/my/learning"));
        var account = await AccountAsync(factory, "13760300001");
        Assert.NotNull(account!.ActivatedAt);
        Assert.Contains(LearnHub.Web.Identity.Accounts.AccountAction.Activated,
            await Admin.AccountTestData.IdentityAsync(factory, db => db.AccountAudits.Where(a => a.TargetId == account.Id).Select(a => a.Action).ToListAsync()));
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
