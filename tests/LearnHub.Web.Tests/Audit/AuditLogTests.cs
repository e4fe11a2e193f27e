using System.Net;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Audit;

public sealed class AuditLogTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private async Task<List<AuditEntry>> LinesAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>().AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    [Fact]
    public async Task Sign_ins_failures_lockouts_and_exports_are_chained_lines_the_auditor_reads_and_verifies()
    {
        var browser = factory.CreateBrowser();
        foreach (var login in new[] { "supervisor@learnhub.example", "nobody@learnhub.example" })
        {
            await browser.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(browser, "/account/sign-in",
                new Dictionary<string, string> { ["Login"] = login, ["Password"] = "wrong-password-1" }));
        }

        var supervisor = await factory.SignInAsync("supervisor@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/supervision/export.csv")).StatusCode);

        var lines = await LinesAsync();
        Assert.Contains(lines, l => l.Action == AuditAction.SignInFailed && l.Target.StartsWith("account:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Action == AuditAction.SignInFailed && l.Target == "login:nobody@learnhub.example");
        var signIn = Assert.Single(lines, l => l.Action == AuditAction.SignedIn && l.ActorRoles == Roles.Supervisor);
        var export = Assert.Single(lines, l => l.Action == AuditAction.Exported);
        Assert.Equal(signIn.ActorId, export.ActorId);
        Assert.StartsWith("GET /supervision/export.csv", export.Target, StringComparison.Ordinal);
        Assert.True(AuditChain.Verify(lines).Intact);

        var auditor = await factory.SignInAsync("auditor@learnhub.example");
        var page = await auditor.GetStringAsync("/audit?action=Exported");
        Assert.Contains("/supervision/export.csv", page, StringComparison.Ordinal);
        Assert.Contains("导出数据", page, StringComparison.Ordinal);
        var verified = await auditor.GetStringAsync("/audit?verify=true");
        Assert.Contains("完整性校验通过", verified, StringComparison.Ordinal);

        // Someone with the database rewrites an export line to hide it: the check names the line.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
            await db.AuditLog.Where(e => e.Id == export.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Target, "GET /courses"));
        }

        var broken = await auditor.GetStringAsync("/audit?verify=true");
        Assert.Contains($"第 {export.Sequence} 条记录被改动过", broken, StringComparison.Ordinal);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
            await db.AuditLog.Where(e => e.Id == export.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Target, export.Target));
        }
    }

    [Fact]
    public async Task Nobody_reads_their_own_lines_and_only_the_audit_readers_read_any()
    {
        var auditor = await factory.SignInAsync("auditor@learnhub.example");
        await auditor.GetStringAsync("/audit");
        var export = await auditor.GetAsync("/audit/export.csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.DoesNotContain("审计管理员", csv, StringComparison.Ordinal);

        var security = await factory.SignInAsync("security@learnhub.example");
        var seen = await security.GetStringAsync("/audit");
        Assert.Contains("查看审计日志", seen, StringComparison.Ordinal);
        Assert.Contains("导出审计日志", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("系统管理员", seen, StringComparison.Ordinal);

        foreach (var other in new[] { "admin@learnhub.example", "supervisor@learnhub.example", "trainee@learnhub.example" })
        {
            var client = await factory.SignInAsync(other);
            foreach (var url in new[] { "/audit", "/audit/export.csv", "/audit?verify=true" })
            {
                Assert.Contains("/account/denied", (await client.GetAsync(url)).Headers.Location!.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task An_administrators_account_actions_reach_the_audit_log_once_committed()
    {
        var admin = await factory.SignInAsync("admin@learnhub.example");
        string accountId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
            accountId = await db.Users.Where(u => u.Email == "trainee2@learnhub.example").Select(u => u.Id).SingleAsync();
        }

        var response = await admin.PostAsync($"/admin/accounts/{accountId}/disable",
            await LearnHubFactory.FormWithTokenAsync(admin, $"/admin/accounts/{accountId}", []));
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, response.StatusCode.ToString());
        var line = Assert.Single(await LinesAsync(), l => l.Action == AuditAction.AccountDisabled);
        Assert.Equal("account:" + accountId, line.Target);
        Assert.Contains(Roles.Admin, line.ActorRoles, StringComparison.Ordinal);
        await admin.PostAsync($"/admin/accounts/{accountId}/enable", await LearnHubFactory.FormWithTokenAsync(admin, $"/admin/accounts/{accountId}", []));
    }
}

/// <summary>A fresh app whose clock the test moves half a year on.</summary>
public sealed class AuditRetentionTests : IDisposable
{
    private readonly LearnHubFactory _factory = new();

    [Fact]
    public async Task Lines_past_the_retention_period_are_removed_and_the_chain_still_verifies()
    {
        var old = await _factory.SignInAsync("supervisor@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("/supervision/export.csv")).StatusCode);
        _factory.Clock.Now = _factory.Clock.Now.AddDays(AuditOptions.MinimumRetentionDays + 1);
        var recent = await _factory.SignInAsync("supervisor@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await recent.GetAsync("/supervision/export.xlsx")).StatusCode);

        await using var scope = _factory.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<AuditLogQueries>();
        var removed = await queries.PruneAsync(_factory.Services.GetRequiredService<AuditTrail>(), AuditOptions.MinimumRetentionDays, CancellationToken.None);
        Assert.True(removed >= 2, $"{removed} removed");
        var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var kept = await db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        Assert.DoesNotContain(kept, l => l.Target.StartsWith("GET /supervision/export.csv", StringComparison.Ordinal));
        Assert.Contains(kept, l => l.Target.StartsWith("GET /supervision/export.xlsx", StringComparison.Ordinal));
        Assert.True((await queries.VerifyAsync(CancellationToken.None)).Intact);

        // Removing a kept line by hand is not a pruning: the check sees the gap.
        await db.AuditLog.Where(e => e.Sequence == kept[0].Sequence).ExecuteDeleteAsync();
        Assert.False((await queries.VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public void Retention_below_the_minimum_counts_as_the_minimum() =>
        Assert.Equal(AuditOptions.MinimumRetentionDays, new AuditOptions { RetentionDays = 30 }.EffectiveRetentionDays);

    public void Dispose() => _factory.Dispose();
}
