using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Features.Notifications.Sms;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Tests.Notifications;

/// <summary>The app with SMS on, pointed at a local provider; its clock stands still and the outbox is polled by the tests.</summary>
public sealed class SmsFactory : LocalServerFactory<SmsProviderServer>
{
    public SmsProviderServer Provider => Local;

    protected override Task<SmsProviderServer> StartServerAsync() => SmsProviderServer.StartAsync(clock: Clock);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The background workers poll once at start and then wait an hour: each test polls when it means to.
        builder.UseSetting("LearnHub:Sms:PollSeconds", "3600");
        // Mail is on, to a port where nothing listens, so the outbox shows which mail the Notifier queued.
        builder.UseSetting("LearnHub:Smtp:Enabled", "true");
        builder.UseSetting("LearnHub:Smtp:Host", "127.0.0.1");
        builder.UseSetting("LearnHub:Smtp:Port", "9");
        builder.UseSetting("LearnHub:Smtp:PollSeconds", "3600");
    }
}

public sealed class SmsOutboxTests(SmsFactory factory) : IClassFixture<SmsFactory>
{
    private const string Code = "482913";

    [Fact]
    public async Task A_queued_code_is_delivered_with_a_valid_signature_and_never_stored_in_clear()
    {
        var queued = await QueueCodeAsync("139 1234 0001", expires: factory.Clock.Now.AddMinutes(10));
        Assert.Equal("13912340001", queued.To);
        Assert.DoesNotContain(Code, queued.Parameters, StringComparison.Ordinal);
        Assert.NotEmpty(queued.Parameters);

        await PollAsync();

        var message = Assert.Single(factory.Provider.Messages, m => m.PhoneNumber == "+8613912340001");
        Assert.Equal((SmsProviderServer.CodeTemplateId, SmsProviderServer.SdkAppId, SmsProviderServer.SignName), (message.TemplateId, message.SdkAppId, message.SignName));
        Assert.Equal([Code], message.Parameters);
        var sent = await RowAsync(queued.Id);
        Assert.Equal((MailState.Sent, 1, "", message.SerialNo), (sent.State, sent.Attempts, sent.Parameters, sent.ProviderMessageId));
        Assert.DoesNotContain(Code, sent.LastError + sent.ProviderMessageId, StringComparison.Ordinal);
        await PollAsync();
        Assert.Single(factory.Provider.Messages, m => m.PhoneNumber == "+8613912340001");
    }

    [Fact]
    public async Task A_message_the_provider_cannot_take_now_waits_twice_as_long_each_time_and_is_sent_once()
    {
        var queued = await QueueCodeAsync("13912340002", expires: factory.Clock.Now.AddMinutes(10));
        factory.Provider.FailNext(1, "HTTP 500", "13912340002");
        factory.Provider.FailNext(1, "LimitExceeded.PhoneNumberThirtySecondLimit", "13912340002");
        var start = factory.Clock.Now;

        await PollAsync();
        var first = await RowAsync(queued.Id);
        Assert.Equal((MailState.Pending, 1), (first.State, first.Attempts));
        Assert.Contains("HTTP 500", first.LastError, StringComparison.Ordinal);
        Assert.Equal(start.UtcDateTime.AddSeconds(30), first.NextAttemptUtc);
        Assert.NotEmpty(first.Parameters);

        factory.Clock.Now = start.AddSeconds(29);
        await PollAsync();
        Assert.Equal(1, (await RowAsync(queued.Id)).Attempts);

        factory.Clock.Now = start.AddSeconds(31);
        await PollAsync();
        var second = await RowAsync(queued.Id);
        Assert.Equal((MailState.Pending, 2), (second.State, second.Attempts));
        Assert.StartsWith("LimitExceeded.PhoneNumberThirtySecondLimit", second.LastError, StringComparison.Ordinal);
        Assert.Equal(factory.Clock.Now.UtcDateTime.AddSeconds(60), second.NextAttemptUtc);

        factory.Clock.Now = start.AddSeconds(92);
        await PollAsync();
        var sent = await RowAsync(queued.Id);
        Assert.Equal((MailState.Sent, 3, ""), (sent.State, sent.Attempts, sent.Parameters));
        Assert.Single(factory.Provider.Messages, m => m.PhoneNumber == "+8613912340002");
    }

    [Fact]
    public async Task A_message_refused_for_good_is_given_up_at_once_and_its_code_cleared()
    {
        var queued = await QueueCodeAsync("13912340003", expires: factory.Clock.Now.AddMinutes(10));
        factory.Provider.FailNext(1, "FailedOperation.TemplateIncorrectOrUnapproved", "13912340003");

        await PollAsync();

        Assert.StartsWith("FailedOperation.TemplateIncorrectOrUnapproved", (await GivenUpAsync(queued)).LastError, StringComparison.Ordinal);
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await PollAsync();
        await GivenUpAsync(queued);
    }

    [Fact]
    public async Task A_message_not_sent_before_it_expires_is_given_up_unsent()
    {
        var queued = await QueueCodeAsync("13912340004", expires: factory.Clock.Now.AddMinutes(10));
        factory.Provider.FailNext(1, "InternalError.Timeout", "13912340004");
        await PollAsync();
        Assert.Equal(MailState.Pending, (await RowAsync(queued.Id)).State);

        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        await PollAsync();

        Assert.StartsWith("expired", (await GivenUpAsync(queued)).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_provider_refuses_a_request_signed_with_another_secret_and_the_message_is_given_up()
    {
        var queued = await QueueCodeAsync("13912340005", expires: factory.Clock.Now.AddMinutes(10));
        var settings = factory.Services.GetRequiredService<IOptions<SmsOptions>>().Value;
        var wrong = new SmsOptions
        {
            Enabled = true, Endpoint = settings.Endpoint, Region = settings.Region, SecretId = settings.SecretId, SecretKey = "not-the-secret",
            SdkAppId = settings.SdkAppId, SignName = settings.SignName, CodeTemplateId = settings.CodeTemplateId, NoticeTemplateId = settings.NoticeTemplateId,
        };
        var sender = new TencentSmsSender(factory.Services.GetRequiredService<IHttpClientFactory>(), Options.Create(wrong), factory.Clock);

        var result = await sender.SendAsync("13912340005", SmsTemplate.Code, [Code], CancellationToken.None);
        Assert.Equal(SmsOutcome.Refused, result.Outcome);
        Assert.StartsWith("AuthFailure.SignatureFailure", result.Error, StringComparison.Ordinal);

        Assert.Equal(0, await SmsWorker.RunOnceAsync(factory.Services.GetRequiredService<IServiceScopeFactory>(), sender, wrong, factory.Clock,
            NullLogger.Instance, CancellationToken.None));
        await GivenUpAsync(queued);
    }

    [Fact]
    public async Task Notifications_go_by_sms_only_to_those_who_chose_it_and_by_mail_only_to_those_who_chose_mail_and_never_to_a_disabled_account()
    {
        await ClearOutboxAsync();
        var people = new[]
        {
            ("sms-only", "13912340011", "sms-only@learnhub.example", NotificationChannels.Sms),
            ("mail-only", "13912340012", "mail-only@learnhub.example", NotificationChannels.Email),
            ("both", "13912340013", "both@learnhub.example", NotificationChannels.Email | NotificationChannels.Sms),
            ("neither", "13912340014", "neither@learnhub.example", NotificationChannels.None),
            ("sms-no-phone", null, "sms-no-phone@learnhub.example", NotificationChannels.Sms),
            ("disabled", "13912340015", "disabled@learnhub.example", NotificationChannels.Email | NotificationChannels.Sms),
        };
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
            foreach (var (name, phone, email, channels) in people)
            {
                var user = new AppUser
                {
                    UserName = "notify-" + name, DisplayName = name, PhoneNumber = phone, Email = email, NotifyBy = channels,
                    DisabledAt = name == "disabled" ? factory.Clock.Now : null, DisabledReason = name == "disabled" ? DisabledReason.LeftRoster : DisabledReason.None,
                };
                Assert.True((await users.CreateAsync(user)).Succeeded);
                await notifier.NotifyAsync(user, new NotificationMessage("Notice.Registered",
                    ["社会组织财务管理实务与内部控制建设专题培训", "2027-03-11", "14:30", "二楼会议室"], "/lecture-hall/sessions/1"));
            }
        }

        var (texts, mail, notices) = await QueryAsync(async db => (
            await db.OutgoingSms.AsNoTracking().ToListAsync(), await db.OutgoingMail.AsNoTracking().ToListAsync(),
            await db.Notifications.AsNoTracking().CountAsync(n => n.MessageKey == "Notice.Registered" && n.Link == "/lecture-hall/sessions/1")));
        Assert.Equal(people.Length, notices);
        var ours = texts.Where(t => t.To.StartsWith("139123400", StringComparison.Ordinal)).ToList();
        Assert.Equal(["13912340011", "13912340013"], ours.Select(t => t.To).Order());
        Assert.All(ours, t => Assert.Equal(SmsTemplate.Notice, t.Template));
        Assert.Equal(["both@learnhub.example", "mail-only@learnhub.example"], mail.Where(m => m.To.EndsWith("@learnhub.example", StringComparison.Ordinal)
            && people.Any(p => p.Item3 == m.To)).Select(m => m.To).Order());

        await PollAsync();
        Assert.Single(factory.Provider.Messages, m => m.PhoneNumber == "+8613912340013");
        var message = Assert.Single(factory.Provider.Messages, m => m.PhoneNumber == "+8613912340011");
        Assert.Equal(SmsProviderServer.NoticeTemplateId, message.TemplateId);
        // The title in Chinese, cut to what one SMS carries, and a link that fits a template parameter.
        Assert.Equal("报名成功：社会组织财务管理实务与内部控…", message.Parameters[0]);
        Assert.Equal("https://learnhub.example/lecture-hall/sessions/1", message.Parameters[1]);
    }

    [Fact]
    public async Task A_reset_code_asked_for_by_mobile_arrives_by_sms_and_sets_a_new_password()
    {
        await ClearOutboxAsync();
        string mobile;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var account = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().Users
                .Where(u => u.PersonId != null && u.PhoneNumber != null && u.DisabledAt == null).OrderBy(u => u.PersonId).Skip(7).FirstAsync();
            mobile = account.PhoneNumber!;
        }

        var browser = factory.CreateBrowser();
        var asked = await browser.PostAsync("/account/forgot", await LearnHubFactory.FormWithTokenAsync(browser, "/account/forgot",
            new Dictionary<string, string> { ["Login"] = mobile }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, asked.StatusCode);
        // Reminders may go to the same trainee meanwhile; the code is the one message with the code template.
        var queued = await QueryAsync(db => db.OutgoingSms.AsNoTracking().SingleAsync(m => m.To == mobile && m.Template == SmsTemplate.Code));
        Assert.NotNull(queued.ExpiresUtc);

        await PollAsync();
        var message = Assert.Single(factory.Provider.Messages, m => m.PhoneNumber == "+86" + mobile && m.TemplateId == SmsProviderServer.CodeTemplateId);
        var code = Assert.Single(message.Parameters);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal("", (await RowAsync(queued.Id)).Parameters);

        const string NewPassword = "Spring-study-2027!";
        var reset = await browser.PostAsync("/account/reset", await LearnHubFactory.FormWithTokenAsync(browser, "/account/reset", new Dictionary<string, string>
        {
            ["Login"] = mobile, ["Code"] = code, ["Password"] = NewPassword, ["ConfirmPassword"] = NewPassword,
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, reset.StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True(await users.CheckPasswordAsync((await users.Users.SingleAsync(u => u.PhoneNumber == mobile)), NewPassword));
        }
    }

    [Fact]
    public void Sms_switched_on_without_its_secret_or_templates_stops_the_start_naming_each_key()
    {
        var failures = StartupValidation.Refusal(services => services.AddSms(), "LearnHub:Sms:Enabled", "true").ToList();
        Assert.Contains("LearnHub:Sms:SecretKey is needed when LearnHub:Sms:Enabled is true.", failures);
        Assert.Contains("LearnHub:Sms:CodeTemplateId is needed when LearnHub:Sms:Enabled is true.", failures);
        Assert.Contains("LearnHub:Sms:PollSeconds must be between 1 and 3600.", StartupValidation.Refusal(services => services.AddSms(), "LearnHub:Sms:PollSeconds", "0"));
    }

    private async Task<OutgoingSms> QueueCodeAsync(string mobile, DateTimeOffset expires)
    {
        await ClearOutboxAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<SmsOutbox>();
        var queued = await outbox.QueueAsync(mobile, SmsTemplate.Code, [Code], expires, CancellationToken.None);
        var stored = await RowAsync(queued.Id);
        Assert.DoesNotContain(Code, stored.Parameters, StringComparison.Ordinal);
        return stored;
    }

    /// <summary>The message was given up after one attempt, its code cleared, and the provider never took it.</summary>
    private async Task<OutgoingSms> GivenUpAsync(OutgoingSms queued)
    {
        var row = await RowAsync(queued.Id);
        Assert.Equal((MailState.Failed, 1, ""), (row.State, row.Attempts, row.Parameters));
        Assert.DoesNotContain(factory.Provider.Messages, m => m.PhoneNumber == "+86" + queued.To);
        return row;
    }

    /// <summary>Each test starts from an empty outbox, so what one left behind is not sent by another's poll.</summary>
    private Task<int> ClearOutboxAsync() => QueryAsync(db => db.OutgoingSms.ExecuteDeleteAsync());

    /// <summary>One poll of the SMS outbox, as the worker makes on each tick; how many were sent.</summary>
    private Task<int> PollAsync() => SmsWorker.RunOnceAsync(factory.Services.GetRequiredService<IServiceScopeFactory>(),
        factory.Services.GetRequiredService<ISmsSender>(), factory.Services.GetRequiredService<IOptions<SmsOptions>>().Value, factory.Clock,
        NullLogger.Instance, CancellationToken.None);

    private Task<OutgoingSms> RowAsync(long id) => QueryAsync(db => db.OutgoingSms.AsNoTracking().SingleAsync(m => m.Id == id));

    private async Task<T> QueryAsync<T>(Func<CoursesDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }
}
