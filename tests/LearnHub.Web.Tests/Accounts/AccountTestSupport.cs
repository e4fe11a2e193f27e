using System.Net;
using System.Text;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Tests.Admin;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>What the account tests share: a roster imported as an administrator does, and the forms a person fills in.</summary>
internal static class AccountTestSupport
{
    public const string NewPassword = "Xuexi-2027a";

    private const string Header = "组织名称,统一社会信用代码,组织类型,所属领域,评估等级,业务主管单位,党组织形式,姓名,性别,手机号,职务,任职日期";

    /// <summary>Imports one organization with the given people (name, mobile) through the roster page.</summary>
    public static async Task ImportRosterAsync(LearnHubFactory factory, int seed, params (string Name, string Mobile)[] people)
    {
        var code = AdminTestData.NewCreditCode(seed);
        var csv = string.Join("\r\n", [Header, .. people.Select(p => $"账号测试协会{seed},{code},社会团体,民生,3A,省民政厅,独立党组织,{p.Name},女,{p.Mobile},党员,2024-03-01")]);
        var client = await factory.SignInAsync("admin@learnhub.example");
        var page = await client.GetStringAsync("/admin/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(LearnHubFactory.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "roster.csv" },
        };
        var response = await client.PostAsync("/admin/import", form);
        var html = await response.Content.ReadAsStringAsync();
        if (!html.Contains("data-testid=\"import-succeeded\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The roster was not imported.");
        }
    }

    public static async Task<AppUser?> AccountAsync(LearnHubFactory factory, string mobile)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>().Users.AsNoTracking().SingleOrDefaultAsync(u => u.PhoneNumber == mobile);
    }

    public static async Task<IList<string>> RolesAsync(LearnHubFactory factory, AppUser user)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetRolesAsync(user);
    }

    /// <summary>An activation code issued for the account of a mobile number, as an administrator's sheet would carry it.</summary>
    public static async Task<string> IssueActivationAsync(LearnHubFactory factory, string mobile)
    {
        var account = await AccountAsync(factory, mobile) ?? throw new InvalidOperationException($"No account for {mobile}.");
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccountCodes>().IssueAsync(account.Id, CodePurpose.Activation, CodeChannel.Issued, null, CancellationToken.None);
    }

    /// <summary>Fills in the activation (or reset) page as a person would; returns the response, not followed.</summary>
    public static async Task<HttpResponseMessage> SetPasswordAsync(HttpClient browser, string page, string login, string code, string password, string? confirm = null) =>
        await browser.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(browser, page, new Dictionary<string, string>
        {
            ["Login"] = login, ["Code"] = code, ["Password"] = password, ["ConfirmPassword"] = confirm ?? password,
        }));

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string login, string password) =>
        await browser.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(browser, "/account/sign-in",
            new Dictionary<string, string> { ["Login"] = login, ["Password"] = password }));

    public static bool IsRedirectTo(HttpResponseMessage response, string path) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == path;
}
