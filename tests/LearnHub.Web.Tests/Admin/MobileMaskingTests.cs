using System.Net;
using System.Text.Json;
using LearnHub.Courses.Data;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LearnHub.Web.Tests.Contacts.ContactTestData;

namespace LearnHub.Web.Tests.Admin;

/// <summary>
/// Lists of people carry mobile numbers masked; the whole number is asked for one person at a time, by someone who may
/// see that person, and every such view is in the audit log.
/// </summary>
public sealed class MobileMaskingTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private async Task<(int Id, string Name, string Mobile)> PersonAsync(int personId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var person = await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().People.AsNoTracking().SingleAsync(p => p.Id == personId);
        return (person.Id, person.Name, person.Mobile);
    }

    private static async Task<HttpResponseMessage> RevealAsync(HttpClient client, string page, string url) =>
        await client.PostAsync(url, await LearnHubFactory.FormWithTokenAsync(client, page, []));

    [Fact]
    public async Task The_people_list_shows_the_number_masked_and_reveals_it_with_an_audit_line()
    {
        var organizations = await OrganizationsAsync(factory);
        var person = await PersonAsync(organizations.OwnPerson);
        var admin = await factory.SignInAsync("admin@learnhub.example");

        var page = $"/admin/people?organization={organizations.Own}";
        var html = await admin.GetStringAsync(page);
        Assert.Contains(person.Mobile[..3] + "****" + person.Mobile[7..], html, StringComparison.Ordinal);
        Assert.DoesNotContain(person.Mobile, html, StringComparison.Ordinal);

        var response = await RevealAsync(admin, page, $"/admin/people/{person.Id}/mobile");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(person.Mobile, json.RootElement.GetProperty("mobile").GetString());

        await using var scope = factory.Services.CreateAsyncScope();
        var line = await scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>().AuditLog.AsNoTracking()
            .Where(e => e.Action == AuditAction.MobileViewed && e.Target == $"person:{person.Id}").OrderByDescending(e => e.Sequence).FirstOrDefaultAsync();
        Assert.NotNull(line);
        Assert.Contains(Roles.Admin, line.ActorRoles, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_person_reveals_only_their_own_organizations_people()
    {
        var organizations = await OrganizationsAsync(factory);
        var contact = await SignedInContactAsync(factory);
        var page = $"/admin/people?organization={organizations.Own}";

        Assert.Equal(HttpStatusCode.OK, (await RevealAsync(contact, page, $"/admin/people/{organizations.OwnPerson}/mobile")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RevealAsync(contact, page, $"/admin/people/{organizations.OtherPerson}/mobile")).StatusCode);
    }

    [Fact]
    public async Task A_trainee_and_a_post_without_its_token_get_nothing()
    {
        var organizations = await OrganizationsAsync(factory);
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var refused = await RevealAsync(trainee, "/my/learning", $"/admin/people/{organizations.OwnPerson}/mobile");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain((await PersonAsync(organizations.OwnPerson)).Mobile, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var admin = await factory.SignInAsync("admin@learnhub.example");
        var forged = await admin.PostAsync($"/admin/people/{organizations.OwnPerson}/mobile", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}
