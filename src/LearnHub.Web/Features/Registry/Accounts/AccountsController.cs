using LearnHub.Courses.Data;
using LearnHub.Web.Features.Admin;
using LearnHub.Web.Features.Registry.Organizations;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace LearnHub.Web.Features.Registry.Accounts;

/// <summary>What the list's bulk form asks for, on the ticked accounts or on all that match the filter.</summary>
public enum BulkAction
{
    Unlock = 1,
    Disable = 2,
    Enable = 3,
    SheetPdf = 4,
    SheetXlsx = 5,
}

public sealed record AccountListViewModel(AccountFilter Filter, Paged<AccountRow> Rows, string? OrganizationLabel, bool PicksOrganization);

public sealed record AccountDetailsViewModel(AccountRow Account, IReadOnlyList<AccountAudit> Trail, bool CanAct, bool CanEditRoles, bool IsOwn,
    IReadOnlyCollection<string> CheckedRoles, string? RolesError);

public sealed record IssuedCodeViewModel(AccountRow Account, string Code, DateOnly Expires, string Link, string QrSvg);

/// <summary>
/// Accounts (账号管理): administrators see them all, supervisors those of their unit's people, a contact person those
/// of their organization's people. Disable and enable, activation codes and sheets; roles and unlocking by the security
/// administrator only.
/// </summary>
[Area("Admin")]
[Authorize(Roles = Roles.AccountStaff)]
[Route("/admin/accounts")]
public sealed class AccountsController(
    AccountQueries queries,
    AccountActions actions,
    ActivationSheets sheets,
    ActivationSheetPdf pdf,
    CoursesDbContext db,
    CurrentScope scope,
    UserManager<AppUser> users,
    IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>More than this many accounts in one bulk request is refused: narrow the filter (an organization) instead.</summary>
    private const int BulkLimit = 2000;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, AccountState? state, int? organization, string? role, int? page, CancellationToken cancellationToken)
    {
        var filter = Filter(q, state, organization, role);
        var rows = await queries.PageAsync(filter, Paging.Clamp(page), cancellationToken);
        var label = await OrganizationLabels.PickedAsync(db.Organizations.VisibleTo(scope), filter.OrganizationId, cancellationToken);
        ViewData["Section"] = "accounts";
        return View(new AccountListViewModel(filter, rows, label, scope.ContactOrganizationId is null));
    }

    /// <summary>The account of a person, from the people pages.</summary>
    [HttpGet("person/{personId:int}")]
    public async Task<IActionResult> OfPerson(int personId, CancellationToken cancellationToken) =>
        await queries.AccountOfPersonAsync(personId, cancellationToken) is { } account
            ? await DetailsViewAsync(account, null, null, cancellationToken)
            : NotFound();

    [HttpGet("{id}")]
    public async Task<IActionResult> Details(string id, CancellationToken cancellationToken)
    {
        var account = await queries.FindAsync(id, cancellationToken);
        return account is null ? NotFound() : await DetailsViewAsync(account, null, null, cancellationToken);
    }

    /// <summary>
    /// Lifting a lock early says the failed tries were the holder's and not someone guessing: the security administrator's
    /// decision (三员分立), not the system administrator's nor the people staff's. A lock ends by itself after its
    /// lockout period, and a code the holder redeems ends it sooner.
    /// </summary>
    [Authorize(Roles = Roles.Security)]
    [HttpPost("{id}/unlock")]
    public Task<IActionResult> Unlock(string id, CancellationToken cancellationToken) => ApplyOneAsync(id, AccountCommand.Unlock, cancellationToken);

    [HttpPost("{id}/disable")]
    public Task<IActionResult> Disable(string id, CancellationToken cancellationToken) => ApplyOneAsync(id, AccountCommand.Disable, cancellationToken);

    [HttpPost("{id}/enable")]
    public Task<IActionResult> Enable(string id, CancellationToken cancellationToken) => ApplyOneAsync(id, AccountCommand.Enable, cancellationToken);

    /// <summary>A fresh activation code for one account, shown on this response only (never stored in clear, never cached).</summary>
    [Authorize(Roles = Roles.PeopleStaff)]
    [HttpPost("{id}/code")]
    public async Task<IActionResult> IssueCode(string id, CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(id, cancellationToken) is not { } account)
        {
            return NotFound();
        }

        var codes = await actions.IssueActivationCodesAsync([account], Actor(), "screen", cancellationToken);
        if (!codes.TryGetValue(account.Id, out var code))
        {
            this.Flash(FlashKind.Error, t["Accounts.NothingToIssue"].Value);
            return Redirect($"/admin/accounts/{id}");
        }

        var link = ActivationSheets.Link(sheets.PublicBase(Request), account.PhoneNumber!, code);
        using var data = QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M);
        var row = (await queries.RowsAsync([account], cancellationToken))[0];
        Response.Headers.CacheControl = "no-store";
        ViewData["Section"] = "accounts";
        return View("Issued", new IssuedCodeViewModel(row, code, sheets.ExpiresOn(), link, new SvgQRCode(data).GetGraphic(5)));
    }

    [Authorize(Roles = Roles.Security)]
    [HttpPost("{id}/roles")]
    public async Task<IActionResult> ChangeRoles(string id, [FromForm] List<string>? roles, CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(id, cancellationToken) is not { } account)
        {
            return NotFound();
        }

        var wanted = (roles ?? []).Where(AccountActions.EditableRoles.Contains).ToList();
        var outcome = await actions.ChangeRolesAsync(account, wanted, Actor(), cancellationToken);
        if (outcome is RoleChange.OwnAccount or RoleChange.LastAdministrator or RoleChange.SeparatedRoles)
        {
            // Refused: the page again, with the boxes as the security administrator ticked them.
            var reason = outcome switch
            {
                RoleChange.OwnAccount => "Accounts.OwnRoles",
                RoleChange.LastAdministrator => "Accounts.LastAdmin",
                _ => "Accounts.SeparatedRoles",
            };
            return await DetailsViewAsync(account, wanted, t[reason], cancellationToken);
        }

        this.Flash(FlashKind.Notice, t[outcome == RoleChange.Changed ? "Accounts.RolesChanged" : "Accounts.RolesUnchanged"].Value);
        return Redirect($"/admin/accounts/{id}");
    }

    /// <summary>An action on the ticked accounts, or on every account matching the filter when <paramref name="all"/> is set.</summary>
    [HttpPost("bulk")]
    public async Task<IActionResult> Bulk(BulkAction action, [FromForm] List<string>? ids, bool all, string? q, AccountState? state, int? organization, string? role,
        string? returnUrl, CancellationToken cancellationToken)
    {
        var filter = Filter(q, state, organization, role);
        var back = returnUrl is { Length: > 0 } && Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin/accounts" + (filter.Query() is { Length: > 0 } query ? "?" + query : "");
        if (!Enum.IsDefined(action))
        {
            return BadRequest();
        }

        if (action == BulkAction.Unlock && !scope.LiftsLocks)
        {
            return Forbid();
        }

        var matching = await queries.MatchingAsync(all ? filter : Filter(null, null, null, null), cancellationToken);
        if (!all)
        {
            var chosen = (ids ?? []).Take(BulkLimit + 1).ToList();
            matching = matching.Where(u => chosen.Contains(u.Id));
        }

        var accounts = await matching.AsTracking().OrderBy(u => u.DisplayName).Take(BulkLimit + 1).ToListAsync(cancellationToken);
        if (accounts.Count == 0 || accounts.Count > BulkLimit)
        {
            var sheet = action is BulkAction.SheetPdf or BulkAction.SheetXlsx;
            this.Flash(FlashKind.Error, accounts.Count > 0 ? t["Accounts.TooMany", BulkLimit].Value
                : t[all && sheet ? "Accounts.NothingToIssue" : "Accounts.NoneChosen"].Value);
            return Redirect(back);
        }

        if (action is BulkAction.SheetPdf or BulkAction.SheetXlsx)
        {
            // Activation sheets bring people in: the system administrator's and the people staff's work, not the security administrator's.
            if (!scope.LooksAfterPeople)
            {
                return Forbid();
            }

            var publicBase = sheets.PublicBase(Request);
            var cards = await sheets.IssueAsync(accounts, Actor(), publicBase, cancellationToken);
            if (cards.Count == 0)
            {
                this.Flash(FlashKind.Error, t["Accounts.NothingToIssue"].Value);
                return Redirect(back);
            }

            Response.Headers.CacheControl = "no-store";
            var organizations = cards.Select(c => c.Organization).Distinct().ToList();
            var name = t["Accounts.Sheet.FileName"] + (organizations.Count == 1 ? "-" + organizations[0] : "");
            return action == BulkAction.SheetPdf
                ? File(pdf.Render(cards, publicBase), "application/pdf", name + ".pdf")
                : File(sheets.Xlsx(cards), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        }

        var command = action switch
        {
            BulkAction.Unlock => AccountCommand.Unlock,
            BulkAction.Disable => AccountCommand.Disable,
            _ => AccountCommand.Enable,
        };
        var outcome = await actions.ApplyAsync(accounts, command, Actor(), cancellationToken);
        this.Flash(outcome.Done > 0 ? FlashKind.Notice : FlashKind.Error, t["Accounts.BulkDone", outcome.Done, outcome.Skipped].Value);
        return Redirect(back);
    }

    private async Task<IActionResult> ApplyOneAsync(string id, AccountCommand command, CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(id, cancellationToken) is not { } account)
        {
            return NotFound();
        }

        var outcome = await actions.ApplyAsync([account], command, Actor(), cancellationToken);
        this.Flash(outcome.Done > 0 ? FlashKind.Notice : FlashKind.Error, t[outcome.Done > 0 ? $"Accounts.{command}.Done" : $"Accounts.{command}.Refused"].Value);
        return Redirect($"/admin/accounts/{id}");
    }

    private async Task<IActionResult> DetailsViewAsync(AppUser account, IReadOnlyCollection<string>? checkedRoles, string? rolesError,
        CancellationToken cancellationToken)
    {
        var row = (await queries.RowsAsync([account], cancellationToken))[0];
        var actor = Actor();
        ViewData["Section"] = "accounts";
        return View("Details", new AccountDetailsViewModel(row, await queries.TrailAsync(account.Id, cancellationToken),
            AccountActions.MayActOn(account, row.Roles, actor), User.IsInRole(Roles.Security), account.Id == actor.Id, checkedRoles ?? row.Roles, rolesError));
    }

    private static AccountFilter Filter(string? q, AccountState? state, int? organization, string? role) =>
        new(AdminInput.Search(q), AdminInput.Defined(state), organization, role is not null && Roles.All.Contains(role) ? role : null);

    private AccountActor Actor() =>
        new(users.GetUserId(User) ?? "", User.FindFirst("name")?.Value ?? User.Identity?.Name ?? "", scope.SeesAllAccounts);
}
