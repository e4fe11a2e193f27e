using System.Net;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Tests.Admin;

public sealed class AdminAccessTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/organizations")]
    [InlineData("/admin/people")]
    [InlineData("/admin/accounts")]
    [InlineData("/admin/import")]
    public async Task Trainee_is_redirected_to_the_access_denied_page(string path)
    {
        var client = await factory.SignInAsync("trainee@learnhub.example");
        var response = await client.GetAsync(path);
        // Pages (not /api) get the cookie handler's redirect to the access-denied page, never the content.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Supervisor_is_denied_the_write_pages()
    {
        var client = await factory.SignInAsync("supervisor@learnhub.example");
        foreach (var path in new[] { "/admin/organizations/new", "/admin/people/new", "/admin/units", "/admin/import", "/admin/curricula" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task Supervisor_lists_only_their_units_organizations()
    {
        var (own, others) = await AdminTestData.QueryAsync(factory, async db => (
            await db.Organizations.Where(o => o.SupervisingUnit!.Code == "sci").Select(o => o.Name).ToListAsync(),
            await db.Organizations.Where(o => o.SupervisingUnit!.Code != "sci").Select(o => o.Name).ToListAsync()));
        Assert.NotEmpty(own);
        Assert.NotEmpty(others);

        var client = await factory.SignInAsync("supervisor@learnhub.example");
        var html = await client.GetStringAsync("/admin/organizations");
        Assert.All(own, name => Assert.Contains(name, html, StringComparison.Ordinal));
        Assert.All(others, name => Assert.DoesNotContain(name, html, StringComparison.Ordinal));
        // Asking for another unit through the query string changes nothing.
        var otherUnitId = await AdminTestData.QueryAsync(factory, db => db.SupervisingUnits.Where(u => u.Code != "sci").Select(u => u.Id).FirstAsync());
        html = await client.GetStringAsync($"/admin/organizations?unit={otherUnitId}");
        Assert.All(others, name => Assert.DoesNotContain(name, html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Supervisor_gets_404_for_another_units_organization_and_sees_their_own()
    {
        var (ownId, otherId) = await AdminTestData.QueryAsync(factory, async db => (
            await db.Organizations.Where(o => o.SupervisingUnit!.Code == "sci").Select(o => o.Id).FirstAsync(),
            await db.Organizations.Where(o => o.SupervisingUnit!.Code != "sci").Select(o => o.Id).FirstAsync()));
        var client = await factory.SignInAsync("supervisor@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/organizations/{ownId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/organizations/{otherId}")).StatusCode);
    }

    [Fact]
    public async Task Supervisor_people_list_is_limited_to_their_unit()
    {
        var others = await AdminTestData.QueryAsync(factory, db =>
            db.People.Where(p => p.Organization!.SupervisingUnit!.Code != "sci").Select(p => p.Mobile).ToListAsync());
        var client = await factory.SignInAsync("supervisor@learnhub.example");
        var html = await client.GetStringAsync("/admin/people");
        Assert.All(others, mobile => Assert.DoesNotContain(mobile, html, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/organizations")]
    [InlineData("/admin/organizations/new")]
    [InlineData("/admin/people")]
    [InlineData("/admin/people/new")]
    [InlineData("/admin/units")]
    [InlineData("/admin/units/new")]
    [InlineData("/admin/import")]
    [InlineData("/admin/organizations?q=学会&kind=SocialGroup&grade=A4&page=1")]
    [InlineData("/admin/people?tier=Secretaries")]
    [InlineData("/admin/accounts")]
    [InlineData("/admin/accounts?state=Active&role=Admin")]
    public async Task Admin_pages_render_for_the_administrator(string path)
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"admin-nav\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_sees_an_organizations_people_with_positions_and_can_open_edit_pages()
    {
        var (orgId, personId) = await AdminTestData.QueryAsync(factory, async db =>
        {
            var person = await db.People.FirstAsync(p => p.Mobile == "13800000001");
            return (person.OrganizationId, person.Id);
        });
        var client = await factory.SignInAsync("admin@learnhub.example");
        var html = await client.GetStringAsync($"/admin/organizations/{orgId}");
        Assert.Contains("138****0001", html, StringComparison.Ordinal);
        Assert.DoesNotContain("13800000001", html, StringComparison.Ordinal);
        Assert.Contains("党组织书记", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/organizations/{orgId}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/people/{personId}/edit")).StatusCode);
    }
}
