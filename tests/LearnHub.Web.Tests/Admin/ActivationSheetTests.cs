using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Tests.Contacts;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace LearnHub.Web.Tests.Admin;

public sealed class ActivationSheetTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task Spreadsheet_from_the_organization_page_holds_a_code_that_activates_each_waiting_account_and_no_other()
    {
        var (organization, waiting) = await WaitingAccountsAsync("省计算机学会");
        var client = await factory.SignInAsync("supervisor@learnhub.example");
        Assert.Contains("data-testid=\"organization-accounts\"", await client.GetStringAsync($"/admin/organizations/{organization}"), StringComparison.Ordinal);

        var response = await PostSheetAsync(client, organization, "SheetXlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(waiting.Count, rows.Count);
        var expires = factory.Programme.Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var codes = new Dictionary<string, string>();
        foreach (var row in rows)
        {
            var mobile = (string)row["手机号"]!;
            var code = (string)row["激活码"]!;
            Assert.Equal("省计算机学会", row["所在组织"]);
            Assert.Equal(expires, row["有效期至"]);
            Assert.Equal($"http://localhost/account/activate#m={mobile}&c={code}", row["激活链接"]);
            codes[waiting[mobile]] = code;
        }

        Assert.Equal(waiting.Values.Order(), codes.Keys.Order());
        foreach (var (account, code) in codes)
        {
            Assert.Equal(CodeCheck.Accepted, await CheckAsync(account, code));
        }

        // A code read from one line does not open the next person's account.
        var (first, second) = (codes.Keys.First(), codes.Keys.Last());
        Assert.Equal(CodeCheck.Refused, await CheckAsync(second, codes[first]));
        Assert.Equal(codes.Count, await AccountTestData.IdentityAsync(factory, db => db.AccountAudits
            .CountAsync(a => a.Action == AccountAction.CodeIssued && a.Detail == "sheet" && a.ActorName == "省科学技术协会")));
    }

    [Fact]
    public async Task Cards_pdf_has_every_waiting_person_with_code_steps_and_a_qr_image_and_ends_the_earlier_codes()
    {
        // The contact person of the demo trainee's organization (省人工智能学会), who then has activated their own account.
        var client = await ContactTestData.SignedInContactAsync(factory);
        var (organization, waiting) = await WaitingAccountsAsync("省人工智能学会");
        var earlier = await PostSheetAsync(client, organization, "SheetXlsx");
        await using var earlierSheet = new MemoryStream(await earlier.Content.ReadAsByteArrayAsync());
        var earlierRow = earlierSheet.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().First();

        var response = await PostSheetAsync(client, organization, "SheetPdf");

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var path = Path.Combine(Path.GetTempPath(), $"learnhub-sheet-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        try
        {
            // In drawing order, card by card (the default would interleave the two columns).
            var text = await RunAsync("pdftotext", "-raw", path, "-");
            foreach (var (mobile, account) in waiting)
            {
                Assert.Contains(mobile, text, StringComparison.Ordinal);
                var code = Regex.Match(text, $@"{mobile}\s+激活码\s+([A-Z0-9]{{4}}-[A-Z0-9]{{4}})").Groups[1].Value;
                Assert.Equal(CodeCheck.Accepted, await CheckAsync(account, code));
            }

            Assert.Contains("至少 8 位", text, StringComparison.Ordinal);
            Assert.Contains("http://localhost/account/activate", text, StringComparison.Ordinal);
            // One QR image per card, kept lossless (pdfimages lists a header of two lines, then a line per image).
            var images = (await RunAsync("pdfimages", "-list", path)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
            Assert.Equal(waiting.Count, images.Count);
            Assert.All(images, line => Assert.DoesNotContain("jpeg", line, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }

        var earlierMobile = (string)earlierRow["手机号"]!;
        Assert.Equal(CodeCheck.Refused, await CheckAsync(waiting[earlierMobile], (string)earlierRow["激活码"]!));
    }

    [Fact]
    public async Task A_sheet_for_an_organization_with_nobody_waiting_is_refused_with_a_message()
    {
        var (organization, waiting) = await WaitingAccountsAsync("省青少年科技教育协会");
        var client = await factory.SignInAsync("admin@learnhub.example");
        await AccountTestData.IdentityAsync(factory, db => db.Users.Where(u => waiting.Values.Contains(u.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, "activated")));

        var response = await PostSheetAsync(client, organization, "SheetPdf");

        AccountTestData.AssertRedirectedTo(response, $"/admin/organizations/{organization}");
        Assert.Contains("没有待激活的账号", await client.GetStringAsync($"/admin/organizations/{organization}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sheet_of_the_ticked_accounts_holds_those_alone()
    {
        var (_, waiting) = await WaitingAccountsAsync("省科普志愿者协会");
        var chosen = waiting.Take(2).ToDictionary();
        var client = await factory.SignInAsync("admin@learnhub.example");

        var response = await AccountTestData.PostManyAsync(client, "/admin/accounts/bulk",
            [new("action", "SheetXlsx"), .. chosen.Values.Select(id => new KeyValuePair<string, string>("ids", id))]);

        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(chosen.Keys.Order(), rows.Select(r => (string)r["手机号"]!).Order());
        foreach (var row in rows)
        {
            Assert.Equal(CodeCheck.Accepted, await CheckAsync(chosen[(string)row["手机号"]!], (string)row["激活码"]!));
        }
    }

    private static async Task<HttpResponseMessage> PostSheetAsync(HttpClient client, int organization, string action) =>
        await AccountTestData.PostAsync(client, "/admin/accounts/bulk", new Dictionary<string, string>
        {
            ["action"] = action, ["all"] = "true", ["organization"] = $"{organization}", ["state"] = "NotActivated",
            ["returnUrl"] = $"/admin/organizations/{organization}",
        });

    /// <summary>The organization and its accounts waiting for activation, by mobile number.</summary>
    private async Task<(int Organization, Dictionary<string, string> Waiting)> WaitingAccountsAsync(string name)
    {
        var (organization, people) = await AdminTestData.QueryAsync(factory, async db =>
        {
            var id = await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
            return (id, await db.People.Where(p => p.OrganizationId == id).Select(p => (int?)p.Id).ToListAsync());
        });
        var waiting = await AccountTestData.IdentityAsync(factory, db => db.Users.Where(u => people.Contains(u.PersonId) && u.DisabledAt == null && u.PasswordHash == null)
            .ToDictionaryAsync(u => u.PhoneNumber!, u => u.Id));
        Assert.True(waiting.Count >= 2);
        return (organization, waiting);
    }

    private Task<CodeCheck> CheckAsync(string account, string code) =>
        AccountTestData.ServiceAsync<AccountCodes, CodeCheck>(factory, codes => codes.CheckAsync(account, CodePurpose.Activation, code, CancellationToken.None));

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
