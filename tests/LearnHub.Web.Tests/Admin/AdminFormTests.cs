using System.Net;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Tests.Admin;

public sealed class AdminFormTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private async Task<(HttpClient Client, int UnitId)> AdminAsync() =>
        (await factory.SignInAsync("admin@learnhub.example"),
         await AdminTestData.QueryAsync(factory, db => db.SupervisingUnits.Select(u => u.Id).FirstAsync()));

    private static Dictionary<string, string> Organization(string name, string code, int unitId) => new()
    {
        ["Name"] = name, ["CreditCode"] = code, ["Kind"] = "SocialGroup", ["Field"] = "Economy", ["Grade"] = "A3",
        ["PartyForm"] = "Own", ["SupervisingUnitId"] = unitId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Valid_organization_is_created()
    {
        var (client, unitId) = await AdminAsync();
        var before = await AdminTestData.OrganizationCountAsync(factory);
        var code = AdminTestData.NewCreditCode(1);
        var response = await client.PostAsync("/admin/organizations/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/organizations/new", Organization("测试新建协会", code.ToLowerInvariant(), unitId)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before + 1, await AdminTestData.OrganizationCountAsync(factory));
        Assert.True(await AdminTestData.QueryAsync(factory, db => db.Organizations.AnyAsync(o => o.CreditCode == code)));
    }

    [Theory]
    [InlineData("51510000MJ97228181", "统一社会信用代码校验位不正确")]
    [InlineData("51510000MJ9722818", "统一社会信用代码应为 18 位")]
    [InlineData("", "请填写统一社会信用代码")]
    [InlineData("51510000MJ97228180", "已被其他社会组织使用")]
    public async Task Bad_credit_code_shows_the_reason_and_writes_nothing(string code, string message)
    {
        var (client, unitId) = await AdminAsync();
        var before = await AdminTestData.OrganizationCountAsync(factory);
        var response = await client.PostAsync("/admin/organizations/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/organizations/new", Organization("测试信用代码协会", code, unitId)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await AdminTestData.OrganizationCountAsync(factory));
    }

    [Fact]
    public async Task Bad_credit_code_message_is_in_english_for_an_english_user()
    {
        var (client, unitId) = await AdminAsync();
        var response = await client.PostAsync("/admin/organizations/new?culture=en",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/organizations/new?culture=en", Organization("Test", "51510000MJ97228181", unitId)));
        Assert.Contains("The check character does not match", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_long_organization_name_is_refused_and_nothing_written()
    {
        var (client, unitId) = await AdminAsync();
        var before = await AdminTestData.OrganizationCountAsync(factory);
        var response = await client.PostAsync("/admin/organizations/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/organizations/new", Organization(new string('长', 101), AdminTestData.NewCreditCode(2), unitId)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("组织名称过长", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await AdminTestData.OrganizationCountAsync(factory));
    }

    private static Dictionary<string, string> Person(string name, string mobile, int organizationId) => new()
    {
        ["Name"] = name, ["Mobile"] = mobile, ["Gender"] = "Female",
        ["OrganizationId"] = organizationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Positions[0].Kind"] = "Leader", ["Positions[0].Held"] = "true", ["Positions[0].AppointedOn"] = "2024-01-15",
        ["Positions[1].Kind"] = "PartyMember", ["Positions[1].Held"] = "true", ["Positions[1].AppointedOn"] = "2020-07-01",
    };

    [Fact]
    public async Task Person_with_positions_is_created_and_tiers_follow()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var organizationId = await AdminTestData.QueryAsync(factory, db => db.Organizations.Select(o => o.Id).FirstAsync());
        var response = await client.PostAsync("/admin/people/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/people/new", Person("测试新人", "13912345678", organizationId)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var tiers = await AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Mobile == "13912345678").Select(p => p.Tiers).SingleAsync());
        Assert.Equal(LearnHub.Courses.Registry.People.Tier.Leaders | LearnHub.Courses.Registry.People.Tier.Members, tiers);
    }

    [Fact]
    public async Task Duplicate_mobile_is_refused_with_a_clear_message_and_nothing_written()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var organizationId = await AdminTestData.QueryAsync(factory, db => db.Organizations.Select(o => o.Id).FirstAsync());
        var before = await AdminTestData.PeopleCountAsync(factory);
        var response = await client.PostAsync("/admin/people/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/people/new", Person("另一个人", "13800000001", organizationId)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("手机号 13800000001 已属于另一位人员", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await AdminTestData.PeopleCountAsync(factory));
    }

    [Fact]
    public async Task Invalid_mobile_is_refused()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var organizationId = await AdminTestData.QueryAsync(factory, db => db.Organizations.Select(o => o.Id).FirstAsync());
        var before = await AdminTestData.PeopleCountAsync(factory);
        var response = await client.PostAsync("/admin/people/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/people/new", Person("号码错误", "12345678901", organizationId)));
        Assert.Contains("手机号应为 11 位手机号", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await AdminTestData.PeopleCountAsync(factory));
    }

    [Fact]
    public async Task Mobile_with_dashes_and_country_code_is_accepted_as_the_import_accepts_it()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var organizationId = await AdminTestData.QueryAsync(factory, db => db.Organizations.Select(o => o.Id).FirstAsync());
        var response = await client.PostAsync("/admin/people/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/people/new", Person("带横线", "+86 139-1234-5679", organizationId)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await AdminTestData.QueryAsync(factory, db => db.People.CountAsync(p => p.Mobile == "13912345679")));
    }

    [Fact]
    public async Task Supervisor_cannot_post_an_organization()
    {
        var unitId = await AdminTestData.QueryAsync(factory, db => db.SupervisingUnits.Select(u => u.Id).FirstAsync());
        var supervisor = await factory.SignInAsync("supervisor@learnhub.example");
        // The supervisor cannot load the form, so borrow a token from a page they can see.
        var before = await AdminTestData.OrganizationCountAsync(factory);
        var response = await supervisor.PostAsync("/admin/organizations/new",
            await LearnHubFactory.FormWithTokenAsync(supervisor, "/admin/organizations", Organization("越权", AdminTestData.NewCreditCode(3), unitId)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        Assert.Equal(before, await AdminTestData.OrganizationCountAsync(factory));
    }
}
