using System.Net;
using LearnHub.Web.Features.Registry.Accounts;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Tests.Contacts;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Admin;

public sealed class AccountAdministrationTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Admin = "admin@learnhub.example";
    private const string Supervisor = "supervisor@learnhub.example";
    private const string Security = "security@learnhub.example";

    public static TheoryData<string, string, HttpStatusCode> PagesByRole()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        foreach (var page in new[] { "/admin/accounts", "/admin/accounts?state=NotActivated&role=Trainee&q=13", "/admin/accounts/{own}", "/admin/accounts/person/{person}" })
        {
            data.Add(Admin, page, HttpStatusCode.OK);
            data.Add(Supervisor, page, HttpStatusCode.OK);
            data.Add("contact", page, HttpStatusCode.OK);
            // The security administrator reaches accounts, not the people pages (the system administrator's and the people staff's).
            data.Add(Security, page, page.Contains("/person/", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK);
            data.Add("auditor@learnhub.example", page, HttpStatusCode.Redirect);
            data.Add("lecturer@learnhub.example", page, HttpStatusCode.Redirect);
            data.Add("trainee2@learnhub.example", page, HttpStatusCode.Redirect);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PagesByRole))]
    public async Task Account_pages_render_for_people_staff_and_send_others_to_the_denied_page(string user, string page, HttpStatusCode expected)
    {
        // An account of the contact person's own organization, so every staff role may open it.
        var own = await AccountTestData.AccountOfMobileAsync(factory, "18104575004");
        var client = await SignInAsync(user);

        var response = await client.GetAsync(page.Replace("{own}", own.Id, StringComparison.Ordinal)
            .Replace("{person}", own.PersonId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
            return;
        }

        if (expected == HttpStatusCode.NotFound)
        {
            return;
        }

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"nav-accounts\"", html, StringComparison.Ordinal);
        var english = await client.GetStringAsync(response.RequestMessage!.RequestUri + (page.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=en");
        Assert.Contains("lang=\"en\"", english, StringComparison.Ordinal);
        foreach (var text in new[] { html, english })
        {
            Assert.DoesNotMatch(@">\s*(Accounts|AccountState|AccountAction)\.[A-Za-z.]+\s*<", text);
        }
    }

    [Fact]
    public async Task Supervisor_sees_only_their_units_accounts_and_another_units_account_is_missing_at_every_address()
    {
        var (ownMobile, otherMobile, otherOrganization) = await AdminTestData.QueryAsync(factory, async db => (
            await db.People.Where(p => p.Organization!.SupervisingUnit!.Code == "sci").Select(p => p.Mobile).FirstAsync(),
            await db.People.Where(p => p.Organization!.SupervisingUnit!.Code != "sci").Select(p => p.Mobile).FirstAsync(),
            await db.Organizations.Where(o => o.SupervisingUnit!.Code != "sci").Select(o => o.Id).FirstAsync()));
        var other = await AccountTestData.AccountOfMobileAsync(factory, otherMobile);
        var client = await factory.SignInAsync(Supervisor);

        var own = await AccountTestData.AccountOfMobileAsync(factory, ownMobile);
        Assert.Contains($"data-account=\"{own.Id}\"", await client.GetStringAsync($"/admin/accounts?q={ownMobile}"), StringComparison.Ordinal);
        Assert.DoesNotContain("data-account=", await client.GetStringAsync($"/admin/accounts?q={otherMobile}"), StringComparison.Ordinal);
        Assert.DoesNotContain("data-account=", await client.GetStringAsync($"/admin/accounts?organization={otherOrganization}"), StringComparison.Ordinal);
        // Accounts of nobody on a roster (the administrators, lecturers) are the administrators' alone.
        Assert.DoesNotContain(Admin, await client.GetStringAsync("/admin/accounts?role=Admin"), StringComparison.Ordinal);
        await AssertMissingEverywhereAsync(client, other);
    }

    [Fact]
    public async Task Contact_person_sees_only_their_organizations_accounts()
    {
        var client = await SignInAsync("contact");
        var organization = (await ContactTestData.OrganizationsAsync(factory)).Own;
        var (own, sameUnitOther) = await AdminTestData.QueryAsync(factory, async db => (
            await db.People.Where(p => p.OrganizationId == organization).Select(p => p.Mobile).ToListAsync(),
            await db.People.Where(p => p.OrganizationId != organization && p.Organization!.SupervisingUnit!.Code == "sci").Select(p => p.Mobile).FirstAsync()));

        var html = await client.GetStringAsync("/admin/accounts");

        // Rows are told apart by account: the list shows mobile numbers masked.
        foreach (var mobile in own)
        {
            Assert.Contains($"data-account=\"{(await AccountTestData.AccountOfMobileAsync(factory, mobile)).Id}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(mobile, html, StringComparison.Ordinal);
        }

        var stranger = await AccountTestData.AccountOfMobileAsync(factory, sameUnitOther);
        Assert.DoesNotContain(stranger.Id, html, StringComparison.Ordinal);
        await AssertMissingEverywhereAsync(client, stranger);
        // A contact person cannot touch the administrators' or supervisors' accounts, nor find them.
        await AssertMissingEverywhereAsync(client, await AccountTestData.AccountOfEmailAsync(factory, Supervisor));
    }

    [Fact]
    public async Task Unlock_disable_and_enable_change_the_state_and_write_the_audit_trail()
    {
        var account = await AccountTestData.AccountOfEmailAsync(factory, "trainee2@learnhub.example");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByIdAsync(account.Id);
            await users.SetLockoutEndDateAsync(user!, factory.Clock.GetUtcNow().AddMinutes(15));
        }

        Assert.Equal(AccountState.Locked, await StateAsync(account.Id));
        var client = await factory.SignInAsync(Admin);
        var security = await factory.SignInAsync(Security);

        AccountTestData.AssertRedirectedTo(await AccountTestData.PostAsync(security, $"/admin/accounts/{account.Id}/unlock", []), $"/admin/accounts/{account.Id}");
        Assert.Equal(AccountState.Active, await StateAsync(account.Id));

        var holder = await factory.SignInAsync("trainee2@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync("/my/learning")).StatusCode);
        await AccountTestData.PostAsync(client, $"/admin/accounts/{account.Id}/disable", []);
        // The holder's session ends at once.
        Assert.Equal("/account/sign-in", (await holder.GetAsync("/my/learning")).Headers.Location?.AbsolutePath);
        var disabled = await AccountTestData.AccountOfEmailAsync(factory, "trainee2@learnhub.example");
        Assert.Equal(AccountState.Disabled, disabled.StateAt(factory.Clock.GetUtcNow()));
        Assert.Equal(DisabledReason.ByAdministrator, disabled.DisabledReason);
        Assert.Equal(PersonAccounts.DisabledLockout, disabled.LockoutEnd);
        Assert.NotEqual(account.SecurityStamp, disabled.SecurityStamp);

        await AccountTestData.PostAsync(client, $"/admin/accounts/{account.Id}/enable", []);
        Assert.Equal(AccountState.Active, await StateAsync(account.Id));

        var trail = await AccountTestData.IdentityAsync(factory, db => db.AccountAudits.Where(a => a.TargetId == account.Id && a.ActorName == "系统管理员")
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal([AccountAction.Disabled, AccountAction.Enabled], trail);
        Assert.Equal(1, await AccountTestData.IdentityAsync(factory, db => db.AccountAudits.CountAsync(a => a.TargetId == account.Id
            && a.Action == AccountAction.Unlocked && a.ActorName == "安全管理员")));
        var page = await client.GetStringAsync($"/admin/accounts/{account.Id}");
        Assert.Contains("data-action=\"Disabled\"", page, StringComparison.Ordinal);
        Assert.Contains("解除锁定", page, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, bool> UnlockByRole()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var route in new[] { "single", "bulk" })
        {
            data.Add(Security, route, true);
            data.Add(Admin, route, false);
            data.Add(Supervisor, route, false);
            data.Add("contact", route, false);
            data.Add("auditor@learnhub.example", route, false);
            data.Add("lecturer@learnhub.example", route, false);
        }

        return data;
    }

    /// <summary>
    /// Locks are the security administrator's (三员分立): the system administrator and the people staff neither see the
    /// unlock buttons nor reach the endpoints, one account or many, even for an account they otherwise act on.
    /// </summary>
    [Theory]
    [MemberData(nameof(UnlockByRole))]
    public async Task Only_the_security_administrator_unlocks_an_account_one_or_many(string user, string route, bool allowed)
    {
        // A trainee of the contact person's own organization, in every staff role's reach.
        var account = await AccountTestData.AccountOfMobileAsync(factory, "18104575004");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var locked = await users.FindByIdAsync(account.Id);
            await users.SetLockoutEndDateAsync(locked!, factory.Clock.GetUtcNow().AddMinutes(15));
        }

        var client = await SignInAsync(user);
        var details = await client.GetAsync($"/admin/accounts/{account.Id}");
        var list = await client.GetAsync("/admin/accounts?state=Locked");
        if (details.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal(allowed, (await details.Content.ReadAsStringAsync()).Contains($"action=\"/admin/accounts/{account.Id}/unlock\"", StringComparison.Ordinal));
            Assert.Equal(allowed, (await list.Content.ReadAsStringAsync()).Contains("value=\"Unlock\"", StringComparison.Ordinal));
        }

        // The token from a page every signed-in role opens: some of them cannot open the accounts list.
        var token = LearnHubFactory.AntiforgeryToken(await client.GetStringAsync("/account/security"));
        KeyValuePair<string, string>[] fields = route == "single"
            ? [new("__RequestVerificationToken", token)]
            : [new("action", "Unlock"), new("ids", account.Id), new("__RequestVerificationToken", token)];
        using var form = new FormUrlEncodedContent(fields);
        var response = await client.PostAsync(route == "single" ? $"/admin/accounts/{account.Id}/unlock" : "/admin/accounts/bulk", form);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.DoesNotContain("/account/denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Equal(AccountState.Active, await StateAsync(account.Id));
            return;
        }

        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(response.Headers.Location)).StatusCode);
        Assert.Equal(AccountState.Locked, await StateAsync(account.Id));
        await AccountTestData.IdentityAsync(factory, async db =>
        {
            var locked = await db.Users.SingleAsync(u => u.Id == account.Id);
            locked.LockoutEnd = null;
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Bulk_disable_acts_on_all_matching_accounts_in_scope_and_skips_the_rest()
    {
        var organization = await AdminTestData.QueryAsync(factory, db => db.Organizations.Where(o => o.Name == "省计算机学会").Select(o => o.Id).SingleAsync());
        var enabled = await EnabledAccountsOfAsync("省计算机学会");
        Assert.NotEmpty(enabled);
        var client = await factory.SignInAsync(Supervisor);
        var fields = new Dictionary<string, string> { ["action"] = "Disable", ["all"] = "true", ["organization"] = $"{organization}" };

        var response = await AccountTestData.PostAsync(client, "/admin/accounts/bulk", fields);

        AccountTestData.AssertRedirectedTo(response, $"/admin/accounts?organization={organization}");
        var after = await AccountTestData.IdentityAsync(factory, db => db.Users.Where(u => enabled.Contains(u.Id)).Select(u => u.DisabledReason).ToListAsync());
        Assert.Equal(enabled.Count, after.Count(s => s == DisabledReason.ByAdministrator));
        Assert.Equal(enabled.Count, await AccountTestData.IdentityAsync(factory, db => db.AccountAudits.CountAsync(a => a.Action == AccountAction.Disabled && a.ActorName == "省科学技术协会")));

        fields["action"] = "Enable";
        await AccountTestData.PostAsync(client, "/admin/accounts/bulk", fields);
        Assert.Equal(0, await AccountTestData.IdentityAsync(factory, db => db.Users.CountAsync(u => enabled.Contains(u.Id) && u.DisabledAt != null)));
    }

    [Fact]
    public async Task Nobody_changes_their_own_roles_and_the_last_administrator_keeps_the_role()
    {
        var admin = await AccountTestData.AccountOfEmailAsync(factory, Admin);
        var security = await AccountTestData.AccountOfEmailAsync(factory, Security);
        var client = await factory.SignInAsync(Security);

        // The refused form comes back as ticked, with the reason.
        var refused = await AccountTestData.PostManyAsync(client, $"/admin/accounts/{security.Id}/roles", [new("roles", Roles.Trainee)]);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("不能修改自己的角色", html, StringComparison.Ordinal);
        Assert.Contains("id=\"role-Trainee\" name=\"roles\" value=\"Trainee\" checked=\"checked\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"role-Admin\" name=\"roles\" value=\"Admin\" checked", html, StringComparison.Ordinal);

        // Another administrator acting (here through the service) still cannot demote or disable the last one.
        var other = new AccountActor("someone-else", "另一位管理员", IsAdmin: true);
        await using var scope = factory.Services.CreateAsyncScope();
        var actions = scope.ServiceProvider.GetRequiredService<AccountActions>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var tracked = (await users.FindByIdAsync(admin.Id))!;
        Assert.Equal(RoleChange.LastAdministrator, await actions.ChangeRolesAsync(tracked, [Roles.Trainee], other, CancellationToken.None));
        Assert.Equal(new ActionOutcome(0, 1), await actions.ApplyAsync([tracked], AccountCommand.Disable, other, CancellationToken.None));
        Assert.True(await users.IsInRoleAsync(tracked, Roles.Admin));
        Assert.Null(tracked.DisabledAt);
    }

    [Fact]
    public async Task The_security_administrator_gives_and_takes_roles_and_the_change_is_audited()
    {
        var lecturer = await AccountTestData.AccountOfEmailAsync(factory, "lecturer2@learnhub.example");
        var client = await factory.SignInAsync(Security);

        var response = await AccountTestData.PostManyAsync(client, $"/admin/accounts/{lecturer.Id}/roles", [new("roles", Roles.Lecturer), new("roles", Roles.Admin)]);

        AccountTestData.AssertRedirectedTo(response, $"/admin/accounts/{lecturer.Id}");
        var roles = await AccountTestData.ServiceAsync<UserManager<AppUser>, IList<string>>(factory, async users => await users.GetRolesAsync((await users.FindByIdAsync(lecturer.Id))!));
        Assert.Equal([Roles.Admin, Roles.Lecturer], roles.Order());
        var audit = await AccountTestData.IdentityAsync(factory, db => db.AccountAudits.SingleAsync(a => a.TargetId == lecturer.Id && a.Action == AccountAction.RolesChanged));
        Assert.Equal("Lecturer → Admin,Lecturer", audit.Detail);

        await AccountTestData.PostManyAsync(client, $"/admin/accounts/{lecturer.Id}/roles", [new("roles", Roles.Lecturer)]);
        Assert.False(await AccountTestData.ServiceAsync<UserManager<AppUser>, bool>(factory, async users => await users.IsInRoleAsync((await users.FindByIdAsync(lecturer.Id))!, Roles.Admin)));

        // Neither a supervisor nor the system administrator changes roles (三员分立).
        foreach (var other in new[] { Supervisor, Admin })
        {
            var denied = await AccountTestData.PostManyAsync(await factory.SignInAsync(other), $"/admin/accounts/{lecturer.Id}/roles", [new("roles", Roles.Admin)]);
            Assert.Equal("/account/denied", denied.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task No_account_holds_two_of_the_three_administrator_roles()
    {
        var lecturer = await AccountTestData.AccountOfEmailAsync(factory, "lecturer@learnhub.example");
        var client = await factory.SignInAsync(Security);
        foreach (var (first, second) in new[] { (Roles.Admin, Roles.Auditor), (Roles.Admin, Roles.Security), (Roles.Security, Roles.Auditor) })
        {
            var refused = await AccountTestData.PostManyAsync(client, $"/admin/accounts/{lecturer.Id}/roles",
                [new("roles", Roles.Lecturer), new("roles", first), new("roles", second)]);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("不能由同一账号兼任", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var roles = await AccountTestData.ServiceAsync<UserManager<AppUser>, IList<string>>(factory, async users => await users.GetRolesAsync((await users.FindByIdAsync(lecturer.Id))!));
        Assert.Equal([Roles.Lecturer], roles);

        // One of them alone is granted: the security administrator makes an audit administrator.
        var granted = await AccountTestData.PostManyAsync(client, $"/admin/accounts/{lecturer.Id}/roles", [new("roles", Roles.Lecturer), new("roles", Roles.Auditor)]);
        AccountTestData.AssertRedirectedTo(granted, $"/admin/accounts/{lecturer.Id}");
        await AccountTestData.PostManyAsync(client, $"/admin/accounts/{lecturer.Id}/roles", [new("roles", Roles.Lecturer)]);
    }

    [Fact]
    public async Task A_code_issued_on_screen_is_shown_once_with_its_qr_and_works_for_its_account()
    {
        var account = await AccountTestData.IdentityAsync(factory, async db => await db.Users.FindAsync((await EnabledAccountsOfAsync("省老科技工作者协会"))[0]));
        var mobile = account!.PhoneNumber!;
        var client = await factory.SignInAsync(Supervisor);

        var response = await AccountTestData.PostAsync(client, $"/admin/accounts/{account.Id}/code", []);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var code = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"code\">([A-Z0-9]{4}-[A-Z0-9]{4})<").Groups[1].Value;
        Assert.Contains($"/account/activate#m={mobile}&amp;c={code}", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Equal(CodeCheck.Accepted, await AccountTestData.ServiceAsync<AccountCodes, CodeCheck>(factory,
            codes => codes.CheckAsync(account.Id, CodePurpose.Activation, code, CancellationToken.None)));
        var audit = await AccountTestData.IdentityAsync(factory, db => db.AccountAudits.SingleAsync(a => a.TargetId == account.Id && a.Action == AccountAction.CodeIssued));
        Assert.Equal("screen", audit.Detail);
        Assert.DoesNotContain(code, audit.Detail + audit.ActorName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_changes_nothing()
    {
        var account = await AccountTestData.AccountOfEmailAsync(factory, "trainee2@learnhub.example");
        var client = await factory.SignInAsync(Admin);
        using var form = new FormUrlEncodedContent([]);

        var response = await client.PostAsync($"/admin/accounts/{account.Id}/disable", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await AccountTestData.AccountOfEmailAsync(factory, "trainee2@learnhub.example")).DisabledAt);
    }

    [Fact]
    public async Task The_people_list_links_each_person_to_their_account()
    {
        var account = await AccountTestData.AccountOfMobileAsync(factory, "18104575004");
        var client = await factory.SignInAsync(Supervisor);

        var html = await client.GetStringAsync("/admin/people?q=18104575004");

        Assert.Contains($"href=\"/admin/accounts/person/{account.PersonId}\"", html, StringComparison.Ordinal);
    }

    private async Task AssertMissingEverywhereAsync(HttpClient client, AppUser other)
    {
        var trail = await AccountTestData.IdentityAsync(factory, db => db.AccountAudits.CountAsync(a => a.TargetId == other.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/accounts/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/accounts/person/{other.PersonId ?? 0}")).StatusCode);
        foreach (var action in new[] { "disable", "enable", "code" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await AccountTestData.PostAsync(client, $"/admin/accounts/{other.Id}/{action}", [])).StatusCode);
        }

        // Unlocking is not theirs at all (the security administrator's), in their scope or out of it.
        Assert.Equal("/account/denied", (await AccountTestData.PostAsync(client, $"/admin/accounts/{other.Id}/unlock", [])).Headers.Location?.AbsolutePath);

        // Ticking another scope's account by its id does nothing either.
        await AccountTestData.PostManyAsync(client, "/admin/accounts/bulk", [new("action", "Disable"), new("ids", other.Id)]);
        await AccountTestData.PostManyAsync(client, "/admin/accounts/bulk", [new("action", "SheetXlsx"), new("ids", other.Id)]);
        var after = await AccountTestData.IdentityAsync(factory, db => db.Users.AsNoTracking().SingleAsync(u => u.Id == other.Id));
        Assert.Equal(other.DisabledAt, after.DisabledAt);
        Assert.Equal(trail, await AccountTestData.IdentityAsync(factory, db => db.AccountAudits.CountAsync(a => a.TargetId == other.Id)));
    }

    private async Task<HttpClient> SignInAsync(string user)
    {
        if (user != "contact")
        {
            return await factory.SignInAsync(user);
        }

        return await ContactTestData.SignedInContactAsync(factory);
    }

    /// <summary>The organization's accounts that are not disabled (someone who left the roster has a disabled one).</summary>
    private async Task<List<string>> EnabledAccountsOfAsync(string organization)
    {
        var people = await AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Organization!.Name == organization).Select(p => (int?)p.Id).ToListAsync());
        return await AccountTestData.IdentityAsync(factory, db => db.Users.Where(u => people.Contains(u.PersonId) && u.DisabledAt == null && u.PasswordHash == null)
            .OrderBy(u => u.Id).Select(u => u.Id).ToListAsync());
    }

    private async Task<AccountState> StateAsync(string id) =>
        (await AccountTestData.IdentityAsync(factory, db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id))).StateAt(factory.Clock.GetUtcNow());
}
