using System.Net;
using System.Text.Json;
using LearnHub.Courses.Data;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>A person downloads everything LearnHub holds about them, as JSON and as a readable PDF; their own only; audited.</summary>
public sealed class PersonalDataTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Trainee = "trainee@learnhub.example";

    [Fact]
    public async Task The_json_copy_holds_the_person_s_records_and_no_secret()
    {
        var client = await factory.SignInAsync(Trainee);
        var response = await client.GetAsync("/account/my-data.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);

        await using var scope = factory.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var user = await identity.Users.AsNoTracking().SingleAsync(u => u.Email == Trainee);
        var personId = user.PersonId!.Value;
        var ledgerIds = await db.LedgerEntries.Where(e => e.PersonId == personId).Select(e => e.Id).OrderBy(i => i).ToListAsync();
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == personId);
        Assert.NotEmpty(ledgerIds);

        var sections = json.RootElement.GetProperty("Sections").EnumerateArray().ToDictionary(s => s.GetProperty("Kind").GetString()!, s => s.GetProperty("Rows"));
        Assert.Equal(ledgerIds, sections["LedgerEntry"].EnumerateArray().Select(r => r.GetProperty("Id").GetInt64()).Order());
        Assert.Equal(person.Mobile, sections["Person"][0].GetProperty("Mobile").GetString());
        Assert.Equal(user.Id, sections["Account"][0].GetProperty("Id").GetString());
        Assert.Contains("Trainee", sections["Account"][0].GetProperty("Roles").GetString(), StringComparison.Ordinal);
        Assert.True(sections.ContainsKey("PersonPosition"));
        // Names in Chinese as they are, for the person to read.
        Assert.Contains(person.Name, text, StringComparison.Ordinal);
        // Nothing that would let someone act as the person, and nobody else's ledger.
        Assert.DoesNotContain(user.PasswordHash!, text, StringComparison.Ordinal);
        Assert.DoesNotContain("SecurityStamp", text, StringComparison.Ordinal);
        Assert.All(sections["LedgerEntry"].EnumerateArray(), r => Assert.Equal(personId, r.GetProperty("PersonId").GetInt32()));

        var line = await identity.AuditLog.AsNoTracking().Where(e => e.Action == AuditAction.Exported && e.ActorId == user.Id)
            .OrderByDescending(e => e.Sequence).FirstOrDefaultAsync();
        Assert.Equal("GET /account/my-data.json", line?.Target);
    }

    [Fact]
    public async Task The_pdf_copy_reads_in_chinese()
    {
        var client = await factory.SignInAsync(Trainee);
        var response = await client.GetAsync("/account/my-data.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(factory.DataPath, "my-data-test.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        var (exit, text) = MediaTestSupport.Run("pdftotext", "-layout", file, "-");
        Assert.Equal(0, exit);
        Assert.Contains("我的个人信息", text, StringComparison.Ordinal);
        Assert.Contains("学时台账", text, StringComparison.Ordinal);
        Assert.Contains("人员档案", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_signed_in_gets_nothing()
    {
        var response = await factory.CreateBrowser().GetAsync("/account/my-data.json");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
