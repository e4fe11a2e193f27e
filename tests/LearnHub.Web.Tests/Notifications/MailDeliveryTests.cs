using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Tests.Notifications;

/// <summary>The app sending mail to a real SMTP server (smtp4dev) on loopback; its clock stands still and the tests poll the outbox.</summary>
public sealed class MailFactory : LocalServerFactory<Smtp4devServer>
{
    public Smtp4devServer Smtp => Local;

    protected override Task<Smtp4devServer> StartServerAsync() => Smtp4devServer.StartAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("LearnHub:Smtp:PollSeconds", "3600");
        builder.UseSetting("LearnHub:Smtp:From", "社会组织培训 <noreply@learnhub.example>");
    }
}

[Trait("Category", "Servers")]
public sealed class MailDeliveryTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private const string Subject = "重置密码：社会组织负责人培训平台";
    private const string Body = "您好：\n请在 60 分钟内打开下面的链接设置新密码。\nhttps://learnhub.example/account/reset#t=abc\n——社会组织培训平台";

    [Fact]
    public async Task A_one_off_mail_reaches_a_real_smtp_server_with_its_chinese_subject_and_body_intact()
    {
        OutgoingMail queued;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            queued = await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync("zhang.san@learnhub.example", Subject, Body,
                CancellationToken.None);
        }

        await PollAsync(factory.Services.GetRequiredService<EmailSender>());

        var row = await RowAsync(queued.Id);
        Assert.Equal((MailState.Sent, 1, ""), (row.State, row.Attempts, row.LastError));
        var received = Assert.Single(await factory.Smtp.MessagesAsync(), m => m.To.Contains("zhang.san@learnhub.example"));
        Assert.Equal(Subject, received.Subject);
        Assert.Equal(Body, received.Text.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Contains("noreply@learnhub.example", received.From, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mail_the_server_cannot_take_stays_in_the_outbox_and_goes_once_the_server_answers()
    {
        OutgoingMail queued;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            queued = await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync("li.si@learnhub.example", Subject, Body, CancellationToken.None);
        }

        // Nothing listens on the port the first attempt uses: MailKit's connection failure is a failed attempt, not a crash.
        var settings = factory.Services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        var nowhere = new EmailSender(Options.Create(new SmtpOptions { Enabled = true, Host = "127.0.0.1", Port = Smtp4devServer.FreePort() }));
        var start = factory.Clock.Now;
        await PollAsync(nowhere, settings);
        var failed = await RowAsync(queued.Id);
        Assert.Equal((MailState.Pending, 1), (failed.State, failed.Attempts));
        Assert.NotEmpty(failed.LastError);
        Assert.Equal(start.UtcDateTime.AddSeconds(30), failed.NextAttemptUtc);

        factory.Clock.Now = start.AddSeconds(31);
        await PollAsync(factory.Services.GetRequiredService<EmailSender>());
        Assert.Equal((MailState.Sent, 2), ((await RowAsync(queued.Id)).State, (await RowAsync(queued.Id)).Attempts));
        Assert.Single(await factory.Smtp.MessagesAsync(), m => m.To.Contains("li.si@learnhub.example") && m.Subject == Subject);
    }

    private Task<int> PollAsync(EmailSender sender, SmtpOptions? settings = null) => MailWorker.RunOnceAsync(
        factory.Services.GetRequiredService<IServiceScopeFactory>(), sender, settings ?? factory.Services.GetRequiredService<IOptions<SmtpOptions>>().Value,
        factory.Clock, NullLogger.Instance, CancellationToken.None);

    private async Task<OutgoingMail> RowAsync(long id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().OutgoingMail.AsNoTracking().SingleAsync(m => m.Id == id);
    }
}
