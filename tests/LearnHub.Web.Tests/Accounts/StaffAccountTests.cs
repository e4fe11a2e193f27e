using System.Net;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using static LearnHub.Web.Tests.Accounts.AccountTestSupport;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>Lecturers and supervisors get their accounts from their own records, activated like everyone's.</summary>
public sealed class StaffAccountTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task A_lecturer_given_a_mobile_number_gets_an_account_and_signs_in_with_it()
    {
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var created = await admin.PostAsync("/admin/lecturers/new", await LearnHubFactory.FormWithTokenAsync(admin, "/admin/lecturers/new", new Dictionary<string, string>
        {
            ["Key"] = "staff-account-test", ["Name"] = "贺新", ["Title"] = "研究员", ["Affiliation"] = "省社科院", ["Mobile"] = "139-6000-0001",
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var account = await AccountAsync(factory, "13960000001");
        Assert.NotNull(account);
        Assert.NotNull(account.LecturerId);
        Assert.Null(account.PasswordHash);
        Assert.Equal([Roles.Lecturer], await RolesAsync(factory, account));

        var browser = factory.CreateBrowser();
        Assert.True(IsRedirectTo(await SetPasswordAsync(browser, "/account/activate", "13960000001", await IssueActivationAsync(factory, "13960000001"), NewPassword), "/lecturer"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/lecturer/profile")).StatusCode);

        // A second lecturer cannot take the same number.
        var taken = await admin.PostAsync("/admin/lecturers/new", await LearnHubFactory.FormWithTokenAsync(admin, "/admin/lecturers/new", new Dictionary<string, string>
        {
            ["Key"] = "staff-account-test-2", ["Name"] = "贺旧", ["Mobile"] = "13960000001",
        }));
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains("已用于另一位讲师或监管人员", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_adds_a_supervisor_to_a_unit_who_activates_and_sees_the_unit()
    {
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var added = await admin.PostAsync("/admin/units/1/supervisors", await LearnHubFactory.FormWithTokenAsync(admin, "/admin/units/1/edit", new Dictionary<string, string>
        {
            ["Name"] = "监管员甲", ["Mobile"] = "13960000101",
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("监管员甲", await admin.GetStringAsync("/admin/units/1/edit"), StringComparison.Ordinal);

        var account = await AccountAsync(factory, "13960000101");
        Assert.NotNull(account);
        Assert.Equal(1, account.SupervisingUnitId);
        Assert.Equal([Roles.Supervisor], await RolesAsync(factory, account));

        var browser = factory.CreateBrowser();
        Assert.True(IsRedirectTo(await SetPasswordAsync(browser, "/account/activate", "13960000101", await IssueActivationAsync(factory, "13960000101"), NewPassword), "/supervision"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/organizations")).StatusCode);
    }

    [Theory]
    [InlineData("admin@learnhub.example", "/admin")]
    [InlineData("supervisor@learnhub.example", "/supervision")]
    [InlineData("lecturer@learnhub.example", "/lecturer")]
    [InlineData("trainee@learnhub.example", "/my/learning")]
    [InlineData("contact@learnhub.example", "/my/learning")]
    public async Task Each_role_lands_on_its_own_page_after_signing_in(string login, string landing)
    {
        var response = await SignInAsync(factory.CreateBrowser(), login, LearnHubFactory.Password);
        Assert.True(IsRedirectTo(response, landing), $"{response.StatusCode} {response.Headers.Location}");
    }
}
