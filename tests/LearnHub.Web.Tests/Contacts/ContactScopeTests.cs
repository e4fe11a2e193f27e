using System.Net;
using System.Text.Json;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Admin;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LearnHub.Web.Tests.Contacts.ContactTestData;

namespace LearnHub.Web.Tests.Contacts;

/// <summary>
/// Contact-person scoping over every route they can reach: each page or export whose roles name the contact person is
/// listed here, asked for with their own organization's ids (200) and with another organization's of the same unit
/// (404, or the access-denied page), so a route opened to contact persons later without a row here fails the inventory.
/// </summary>
public sealed class ContactScopeTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    /// <summary>Route templates as the app declares them; {org}, {person}, {account} (the person's) and {course} are filled in per organization.</summary>
    private static readonly Dictionary<string, string> Routes = new(StringComparer.Ordinal)
    {
        ["admin/accounts"] = "/admin/accounts?organization={org}",
        ["admin/accounts/{id}"] = "/admin/accounts/{account}",
        ["admin/accounts/person/{personId:int}"] = "/admin/accounts/person/{person}",
        ["admin/organizations"] = "/admin/organizations?unit={unit}",
        ["admin/organizations/lookup"] = "/admin/organizations/lookup?q={orgname}",
        ["admin/organizations/{id:int}"] = "/admin/organizations/{org}",
        ["admin/people"] = "/admin/people?organization={org}",
        ["admin/people/new"] = "/admin/people/new?organization={org}",
        ["admin/people/{id:int}/edit"] = "/admin/people/{person}/edit",
        ["supervision"] = "/supervision?organization={org}",
        ["supervision/export.xlsx"] = "/supervision/export.xlsx?organization={org}",
        ["supervision/export.csv"] = "/supervision/export.csv?organization={org}",
        ["supervision/export.zip"] = "/supervision/export.zip?organization={org}",
        ["supervision/people/{id:int}"] = "/supervision/people/{person}",
        ["supervision/plans"] = "/supervision/plans",
        ["supervision/plans/export.xlsx"] = "/supervision/plans/export.xlsx",
        ["supervision/plans/export.csv"] = "/supervision/plans/export.csv",
        ["supervision/plans/export.zip"] = "/supervision/plans/export.zip",
        ["supervision/plans/{personId:int}"] = "/supervision/plans/{person}",
        ["supervision/plans/{personId:int}/courses/{courseId:int}/evidence"] = "/supervision/plans/{person}/courses/{course}/evidence",
    };

    /// <summary>
    /// Pages about one training class, not one organization: they show and accept only the contact person's own
    /// organization's people, which Classes/ClassPagesTests checks (another organization's names absent, a posted
    /// stranger refused).
    /// </summary>
    private static readonly string[] ClassPages = ["classes/{id:int}/nominate"];

    public static TheoryData<string> Templates() => new(Routes.Keys);

    [Fact]
    public void Every_page_open_to_contact_persons_is_in_the_scoping_table()
    {
        var reachable = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? true)
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Where(a => !string.IsNullOrEmpty(a.Roles)).ToList() is { Count: > 0 } roles
                && roles.All(a => a.Roles!.Split(',').Contains(Roles.Contact)))
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(Routes.Keys.Concat(ClassPages).Order(StringComparer.Ordinal), reachable.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Contact_person_reaches_their_organization_and_nothing_of_another(string template)
    {
        var orgs = await ContactTestData.OrganizationsAsync(factory);
        var client = await ContactTestData.SignedInContactAsync(factory);
        var (unit, course) = await AdminTestData.QueryAsync(factory, async db => (
            await db.Organizations.Where(o => o.Id == orgs.Other).Select(o => o.SupervisingUnitId).SingleAsync(),
            await db.Courses.Where(c => c.Published).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync()));
        var accounts = new Dictionary<int, string>
        {
            [orgs.OwnPerson] = (await AccountAsync(factory, orgs.OwnPerson)).Id,
            [orgs.OtherPerson] = (await AccountAsync(factory, orgs.OtherPerson)).Id,
        };
        string Url(int org, string name, int person) => Routes[template]
            .Replace("{org}", Number(org), StringComparison.Ordinal).Replace("{person}", Number(person), StringComparison.Ordinal)
            .Replace("{account}", accounts[person], StringComparison.Ordinal)
            .Replace("{course}", Number(course), StringComparison.Ordinal).Replace("{unit}", Number(unit), StringComparison.Ordinal)
            .Replace("{orgname}", Uri.EscapeDataString(name), StringComparison.Ordinal);

        var own = await client.GetAsync(Url(orgs.Own, orgs.OwnName, orgs.OwnPerson));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);

        var other = await client.GetAsync(Url(orgs.Other, orgs.OtherName, orgs.OtherPerson));
        if (template.Contains('{', StringComparison.Ordinal))
        {
            Assert.True(other.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
                || (other.StatusCode == HttpStatusCode.Redirect && other.Headers.Location!.AbsolutePath == "/account/denied"),
                $"{template}: {(int)other.StatusCode}");
        }
        else
        {
            // A list or export asked about the other organization answers with the contact person's own reach only.
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            if (other.Content.Headers.ContentType?.MediaType is "text/html" or "text/csv" or "application/json")
            {
                var body = await other.Content.ReadAsStringAsync();
                Assert.DoesNotContain(orgs.OtherName, body, StringComparison.Ordinal);
                Assert.All(orgs.OtherPeopleNames, name => Assert.DoesNotContain(name, body, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task Contact_persons_compliance_api_holds_their_organization_only()
    {
        var orgs = await ContactTestData.OrganizationsAsync(factory);
        var person = await ContactTestData.CandidateAsync(factory, orgs.Own, skip: 1);
        await ContactTestData.SignedInContactAsync(factory, orgs.Own, person);
        var token = await OidcClient.AccessTokenAsync(factory, $"person{person}@learnhub.example");
        var api = factory.CreateClient();

        using (var response = await OidcClient.GetWithTokenAsync(api, "/api/v1/reports/compliance", token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var people = body.RootElement.GetProperty("people").EnumerateArray().ToList();
            Assert.NotEmpty(people);
            Assert.All(people, p => Assert.Equal(orgs.Own, p.GetProperty("organizationId").GetInt32()));
        }

        using var other = await OidcClient.GetWithTokenAsync(api, $"/api/v1/reports/compliance?organizationId={orgs.Other}", token);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
