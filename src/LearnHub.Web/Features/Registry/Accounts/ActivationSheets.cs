using LearnHub.Courses.Calendar;
using LearnHub.Web.Features.Compliance.Supervision;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.Registry.Accounts;

/// <summary>One person's line of an activation sheet (激活单): what they need to activate their account.</summary>
public sealed record SheetCard(string Organization, string Name, string Mobile, string Code, DateOnly Expires, string Link);

/// <summary>
/// Activation sheets: fresh codes for accounts waiting for activation, handed out on paper (a PDF of cards to cut out)
/// or as a spreadsheet for the organization's contact person. The codes exist only in the sheet; the database keeps their
/// hashes (<see cref="AccountCodes"/>) and the audit trail says who issued them.
/// </summary>
public sealed class ActivationSheets(
    AccountActions actions,
    AccountQueries queries,
    ProgrammeClock calendar,
    IOptions<AccountOptions> accountOptions,
    LearnHub.Web.Hosting.PublicAddress publicAddress,
    IStringLocalizer<SharedResource> t)
{
    /// <summary>The activation page; the mobile number and code ride in the fragment, which browsers never send to a server.</summary>
    public const string ActivationPath = "/account/activate";

    /// <summary>
    /// Where links printed or encoded for people point: the configured public address (LearnHub:PublicUrl, which
    /// also fills LearnHub:Smtp:PublicUrl), else the address the request came to.
    /// </summary>
    public string PublicBase(HttpRequest request) => publicAddress.Base(request);

    public static string Link(string publicBase, string mobile, string code) =>
        $"{publicBase}{ActivationPath}#m={Uri.EscapeDataString(mobile)}&c={Uri.EscapeDataString(code)}";

    /// <summary>The day a code issued now stops working, on the programme's calendar.</summary>
    public DateOnly ExpiresOn() => calendar.DateOf(calendar.UtcNow.AddDays(accountOptions.Value.IssuedCodeDays));

    /// <summary>Issues codes for those of <paramref name="accounts"/> waiting for activation; one card each, by organization and name.</summary>
    public async Task<IReadOnlyList<SheetCard>> IssueAsync(IReadOnlyList<AppUser> accounts, AccountActor actor, string publicBase,
        CancellationToken cancellationToken)
    {
        var codes = await actions.IssueActivationCodesAsync(accounts, actor, "sheet", cancellationToken);
        var rows = await queries.RowsAsync(accounts.Where(a => codes.ContainsKey(a.Id)).ToList(), cancellationToken);
        var expires = ExpiresOn();
        return rows.OrderBy(r => r.Organization ?? "", StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new SheetCard(r.Organization ?? "", r.Name, r.Mobile!, codes[r.Id], expires, Link(publicBase, r.Mobile!, codes[r.Id])))
            .ToList();
    }

    public byte[] Xlsx(IReadOnlyList<SheetCard> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        string[] header = [t["Accounts.Organization"], t["Accounts.Name"], t["Accounts.Mobile"], t["Accounts.Code"], t["Accounts.Expires"], t["Accounts.Link"]];
        return SpreadsheetExport.Xlsx(header,
            cards.Select(c => new[] { c.Organization, c.Name, c.Mobile, c.Code, c.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), c.Link }),
            t["Accounts.SheetName"]);
    }
}
