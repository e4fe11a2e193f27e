using System.Globalization;
using System.Net;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Tests.Admin;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LearnHub.Web.Tests.Contacts.ContactTestData;

namespace LearnHub.Web.Tests.Contacts;

/// <summary>Administrators name and remove an organization's contact persons (联络员); what a contact person may do with their people.</summary>
public sealed class ContactPersonTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task Administrator_names_and_removes_a_contact_person_with_an_audit_line_and_a_new_security_stamp()
    {
        var orgs = await ContactTestData.OrganizationsAsync(factory);
        var person = await ContactTestData.CandidateAsync(factory, orgs.Own, skip: 2);
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var stamp = (await ContactTestData.AccountAsync(factory, person)).SecurityStamp;

        Assert.Equal(HttpStatusCode.Redirect, (await ContactTestData.NameAsync(admin, orgs.Own, person)).StatusCode);

        var named = await ContactTestData.AccountAsync(factory, person);
        Assert.Equal(orgs.Own, named.ContactOrganizationId);
        Assert.NotEqual(stamp, named.SecurityStamp);
        Assert.Contains(Roles.Contact, await ContactTestData.RolesAsync(factory, person));
        Assert.Contains(Roles.Trainee, await ContactTestData.RolesAsync(factory, person));
        var page = await admin.GetStringAsync($"/admin/organizations/{orgs.Own}");
        Assert.Contains("data-testid=\"contact-person\"", page, StringComparison.Ordinal);
        Assert.Contains(named.DisplayName, Section(page), StringComparison.Ordinal);

        var removed = await admin.PostAsync($"/admin/organizations/{orgs.Own}/contacts/remove", await LearnHubFactory.FormWithTokenAsync(admin,
            $"/admin/organizations/{orgs.Own}", new Dictionary<string, string> { ["userId"] = named.Id }));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);

        var after = await ContactTestData.AccountAsync(factory, person);
        Assert.Null(after.ContactOrganizationId);
        Assert.NotEqual(named.SecurityStamp, after.SecurityStamp);
        Assert.DoesNotContain(Roles.Contact, await ContactTestData.RolesAsync(factory, person));
        Assert.Contains(Roles.Trainee, await ContactTestData.RolesAsync(factory, person));
        var actions = await AuditAsync(named.Id);
        Assert.Equal([AccountAction.ContactNamed, AccountAction.ContactRemoved], actions);
    }

    [Fact]
    public async Task A_person_of_another_organization_cannot_be_named_and_an_account_acts_for_one_organization()
    {
        var orgs = await ContactTestData.OrganizationsAsync(factory);
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var outsider = await ContactTestData.CandidateAsync(factory, orgs.Other, skip: 1);

        await ContactTestData.NameAsync(admin, orgs.Own, outsider);
        Assert.Null((await ContactTestData.AccountAsync(factory, outsider)).ContactOrganizationId);

        // Named for their organization, then moved to another behind the pages' back: naming them for the new one takes them
        // off the old, since an account acts for one organization at most.
        await ContactTestData.NameAsync(admin, orgs.Other, outsider);
        Assert.Equal(orgs.Other, (await ContactTestData.AccountAsync(factory, outsider)).ContactOrganizationId);
        await AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Id == outsider).ExecuteUpdateAsync(s => s.SetProperty(p => p.OrganizationId, orgs.Own)));
        Assert.Equal(HttpStatusCode.Redirect, (await ContactTestData.NameAsync(admin, orgs.Own, outsider)).StatusCode);
        Assert.Equal(orgs.Own, (await ContactTestData.AccountAsync(factory, outsider)).ContactOrganizationId);
        Assert.Equal([AccountAction.ContactNamed, AccountAction.ContactRemoved, AccountAction.ContactNamed],
            await AuditAsync((await ContactTestData.AccountAsync(factory, outsider)).Id));
        await AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Id == outsider).ExecuteUpdateAsync(s => s.SetProperty(p => p.OrganizationId, orgs.Other)));
        await ContactTestData.NameAsync(admin, orgs.Other, outsider);
    }

    [Fact]
    public async Task A_contact_person_moved_to_another_organization_stops_acting_for_the_old_one()
    {
        var orgs = await ContactTestData.OrganizationsAsync(factory);
        var person = await ContactTestData.CandidateAsync(factory, orgs.Own, skip: 6);
        var admin = await factory.SignInAsync("admin@learnhub.example");
        await ContactTestData.NameAsync(admin, orgs.Own, person);
        var form = await EditFormAsync(person);
        form["OrganizationId"] = Number(orgs.Other);
        var edit = $"/admin/people/{person}/edit";

        var moved = await admin.PostAsync(edit, await LearnHubFactory.FormWithTokenAsync(admin, edit, new(form)));

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Null((await ContactTestData.AccountAsync(factory, person)).ContactOrganizationId);
        Assert.DoesNotContain(Roles.Contact, await ContactTestData.RolesAsync(factory, person));
        Assert.Equal([AccountAction.ContactNamed, AccountAction.ContactRemoved], await AuditAsync((await ContactTestData.AccountAsync(factory, person)).Id));
    }

    [Fact]
    public async Task Supervisor_sees_the_contact_persons_of_their_units_organizations_only_and_cannot_name_any()
    {
        var orgs = await ContactTestData.OrganizationsAsync(factory);
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var person = await ContactTestData.CandidateAsync(factory, orgs.Other);
        await ContactTestData.NameAsync(admin, orgs.Other, person);
        var name = (await ContactTestData.AccountAsync(factory, person)).DisplayName;
        var foreign = await AdminTestData.QueryAsync(factory, db => db.Organizations
            .Where(o => o.SupervisingUnit!.Code != "sci" && db.People.Any(p => p.OrganizationId == o.Id)).Select(o => o.Id).FirstAsync());
        var foreignPerson = await ContactTestData.CandidateAsync(factory, foreign);
        await ContactTestData.NameAsync(admin, foreign, foreignPerson);

        var supervisor = await factory.SignInAsync("supervisor@learnhub.example");
        var page = await supervisor.GetStringAsync($"/admin/organizations/{orgs.Other}");
        Assert.Contains(name, Section(page), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"contact-form\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/contacts/remove", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/admin/organizations/{foreign}")).StatusCode);
        var list = await supervisor.GetStringAsync("/admin/organizations?q=" + Uri.EscapeDataString(orgs.OtherName));
        Assert.Contains(name, list, StringComparison.Ordinal);

        var unnamed = await ContactTestData.CandidateAsync(factory, orgs.Other, skip: 2);
        var refused = await supervisor.PostAsync($"/admin/organizations/{orgs.Other}/contacts", await LearnHubFactory.FormWithTokenAsync(supervisor,
            $"/admin/organizations/{orgs.Other}", new Dictionary<string, string> { ["personId"] = Number(unnamed) }));
        Assert.Equal("/account/denied", refused.Headers.Location?.AbsolutePath);
        Assert.Null((await ContactTestData.AccountAsync(factory, unnamed)).ContactOrganizationId);
    }

    [Fact]
    public async Task Contact_person_edits_and_adds_people_of_their_organization_and_cannot_move_anyone_elsewhere()
    {
        var orgs = await ContactTestData.OrganizationsAsync(factory);
        var contact = await ContactTestData.SignedInContactAsync(factory, orgs.Own, await ContactTestData.CandidateAsync(factory, orgs.Own, skip: 3));
        var target = await ContactTestData.CandidateAsync(factory, orgs.Own, skip: 4);
        var form = await EditFormAsync(target);
        var edit = $"/admin/people/{target}/edit";

        form["Mobile"] = "139 0000 7001";
        var saved = await contact.PostAsync(edit, await LearnHubFactory.FormWithTokenAsync(contact, edit, new(form)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        // The person's account follows their new number.
        Assert.Equal("13900007001", (await ContactTestData.AccountAsync(factory, target)).PhoneNumber);

        form["OrganizationId"] = Number(orgs.Other);
        var moved = await contact.PostAsync(edit, await LearnHubFactory.FormWithTokenAsync(contact, edit, new(form)));
        Assert.Equal("/account/denied", moved.Headers.Location?.AbsolutePath);
        Assert.Equal(orgs.Own, await AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Id == target).Select(p => p.OrganizationId).SingleAsync()));

        var html = await contact.GetStringAsync(edit);
        Assert.DoesNotContain("data-org-picker", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await contact.GetAsync($"/admin/people/{orgs.OtherPerson}/edit")).StatusCode);
        var foreignPost = await contact.PostAsync($"/admin/people/{orgs.OtherPerson}/edit", await LearnHubFactory.FormWithTokenAsync(contact, edit, new(form)));
        Assert.Equal(HttpStatusCode.NotFound, foreignPost.StatusCode);

        form["OrganizationId"] = Number(orgs.Own);
        form["Name"] = "联络员新增";
        form["Mobile"] = "13900007002";
        var created = await contact.PostAsync("/admin/people/new", await LearnHubFactory.FormWithTokenAsync(contact, "/admin/people/new", new(form)));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var newcomer = await AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Mobile == "13900007002").Select(p => new { p.Id, p.OrganizationId }).SingleAsync());
        Assert.Equal(orgs.Own, newcomer.OrganizationId);
        Assert.Equal(AccountState.NotActivated, (await ContactTestData.AccountAsync(factory, newcomer.Id)).StateAt(factory.Clock.GetUtcNow()));

        form["OrganizationId"] = Number(orgs.Other);
        form["Mobile"] = "13900007003";
        var elsewhere = await contact.PostAsync("/admin/people/new", await LearnHubFactory.FormWithTokenAsync(contact, "/admin/people/new", new(form)));
        Assert.Equal("/account/denied", elsewhere.Headers.Location?.AbsolutePath);
        Assert.False(await AdminTestData.QueryAsync(factory, db => db.People.AnyAsync(p => p.Mobile == "13900007003")));
    }

    [Fact]
    public async Task Contact_person_sees_their_organizations_entries_and_not_the_assignments_or_the_dashboard()
    {
        var orgs = await ContactTestData.OrganizationsAsync(factory);
        var contact = await ContactTestData.SignedInContactAsync(factory, orgs.Own, await ContactTestData.CandidateAsync(factory, orgs.Own, skip: 5));

        var plans = await contact.GetStringAsync("/supervision/plans");
        Assert.Contains("data-testid=\"nav-contact-people\"", plans, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-contact-plans\"", plans, StringComparison.Ordinal);
        Assert.Contains("href=\"/my/learning\"", plans, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/supervision/assignments\"", plans, StringComparison.Ordinal);
        foreach (var path in new[] { "/admin", "/supervision/assignments", $"/admin/organizations/{orgs.Own}/edit", "/admin/import" })
        {
            Assert.Equal("/account/denied", (await contact.GetAsync(path)).Headers.Location?.AbsolutePath);
        }
    }

    private async Task<Dictionary<string, string>> EditFormAsync(int personId) =>
        await AdminTestData.QueryAsync(factory, async db =>
        {
            var person = await db.People.Include(p => p.Positions).SingleAsync(p => p.Id == personId);
            var form = new Dictionary<string, string>
            {
                ["Name"] = person.Name, ["Gender"] = person.Gender.ToString(), ["Mobile"] = person.Mobile, ["OrganizationId"] = Number(person.OrganizationId),
            };
            var held = person.Positions.Where(p => p.EndedOn is null).ToList();
            for (var i = 0; i < held.Count; i++)
            {
                form[$"Positions[{i}].Kind"] = held[i].Kind.ToString();
                form[$"Positions[{i}].Held"] = "true";
                form[$"Positions[{i}].AppointedOn"] = held[i].AppointedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            return form;
        });

    private async Task<List<AccountAction>> AuditAsync(string userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        return await identity.AccountAudits.Where(a => a.TargetId == userId && (a.Action == AccountAction.ContactNamed || a.Action == AccountAction.ContactRemoved))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    private static string Section(string page) => page[page.IndexOf("data-testid=\"contact-persons\"", StringComparison.Ordinal)..];
}
