using System.Net;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Contacts;

/// <summary>Two organizations of the same supervising unit, each with people, so a contact person's reach is told apart from a supervisor's.</summary>
internal sealed record ContactOrganizations(int Own, string OwnName, int Other, string OtherName, int OwnPerson, int OtherPerson,
    IReadOnlyList<string> OtherPeopleNames);

internal static class ContactTestData
{
    /// <summary>The demo trainee's organization, and another organization of its unit.</summary>
    public static async Task<ContactOrganizations> OrganizationsAsync(LearnHubFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearnHub.Courses.Data.CoursesDbContext>();
        var own = await db.People.Where(p => p.Mobile == "13800000001").Select(p => p.Organization!).SingleAsync();
        var other = await db.Organizations.Where(o => o.SupervisingUnitId == own.SupervisingUnitId && o.Id != own.Id && db.People.Any(p => p.OrganizationId == o.Id))
            .OrderBy(o => o.Id).FirstAsync();
        var ownPerson = await db.People.Where(p => p.OrganizationId == own.Id && p.Mobile == "13800000001").Select(p => p.Id).SingleAsync();
        var otherPeople = await db.People.Where(p => p.OrganizationId == other.Id).OrderBy(p => p.Id).Select(p => new { p.Id, p.Name }).ToListAsync();
        return new ContactOrganizations(own.Id, own.Name, other.Id, other.Name, ownPerson, otherPeople[0].Id, otherPeople.Select(p => p.Name).ToList());
    }

    /// <summary>A person of the organization who is not a demo account's, for naming as its contact person.</summary>
    public static async Task<int> CandidateAsync(LearnHubFactory factory, int organizationId, int skip = 0)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearnHub.Courses.Data.CoursesDbContext>();
        var demo = new[] { "13800000001", "18104575004" };
        return await db.People.Where(p => p.OrganizationId == organizationId && !demo.Contains(p.Mobile)).OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync();
    }

    /// <summary>An administrator names the person on the organization's page.</summary>
    public static async Task<HttpResponseMessage> NameAsync(HttpClient admin, int organizationId, int personId) =>
        await admin.PostAsync($"/admin/organizations/{organizationId}/contacts", await LearnHubFactory.FormWithTokenAsync(admin,
            $"/admin/organizations/{organizationId}", new Dictionary<string, string> { ["personId"] = Number(personId) }));

    public static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The person's own account (every person has one), named contact person of the organization by an administrator and given a
    /// password and a sign-in name directly, as activation would; signed in.
    /// </summary>
    public static async Task<HttpClient> SignedInContactAsync(LearnHubFactory factory, int organizationId, int personId)
    {
        var named = await NameAsync(await factory.SignInAsync("admin@learnhub.example"), organizationId, personId);
        Assert.Equal(HttpStatusCode.Redirect, named.StatusCode);
        return await factory.SignInAsync(await ActivateAsync(factory, personId));
    }

    /// <summary>The contact person of the demo trainee's organization, signed in.</summary>
    public static async Task<HttpClient> SignedInContactAsync(LearnHubFactory factory)
    {
        var own = (await OrganizationsAsync(factory)).Own;
        return await SignedInContactAsync(factory, own, await CandidateAsync(factory, own));
    }

    /// <summary>Sets the person account's password directly; returns the name it signs in with.</summary>
    public static async Task<string> ActivateAsync(LearnHubFactory factory, int personId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var account = await users.Users.SingleAsync(u => u.PersonId == personId);
        var email = $"person{personId}@learnhub.example";
        account.UserName = email;
        account.Email = email;
        account.EmailConfirmed = true;
        account.PasswordHash = users.PasswordHasher.HashPassword(account, LearnHubFactory.Password);
        account.ActivatedAt = factory.Clock.GetUtcNow();
        Assert.True((await users.UpdateAsync(account)).Succeeded);
        return email;
    }

    public static async Task<AppUser> AccountAsync(LearnHubFactory factory, int personId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().Users.AsNoTracking().SingleAsync(u => u.PersonId == personId);
    }

    public static async Task<IList<string>> RolesAsync(LearnHubFactory factory, int personId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.GetRolesAsync(await users.Users.SingleAsync(u => u.PersonId == personId));
    }
}
