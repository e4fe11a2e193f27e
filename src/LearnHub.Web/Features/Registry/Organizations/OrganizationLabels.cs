using LearnHub.Courses.Registry.Organizations;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Registry.Organizations;

/// <summary>How an organization is named in search boxes and pickers, wherever a page offers one.</summary>
internal static class OrganizationLabels
{
    /// <summary>Name plus the credit code, so two organizations with similar names can be told apart.</summary>
    public static string Of(string name, string creditCode) => $"{name}（{creditCode}）";

    /// <summary>
    /// What an organization search box shows for the current choice (the list itself is searched as
    /// the user types); null when nothing is chosen or the choice is not among <paramref name="visible"/>.
    /// </summary>
    public static async Task<string?> PickedAsync(IQueryable<Organization> visible, int? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return null;
        }

        var o = await visible.AsNoTracking().Where(o => o.Id == id)
            .Select(o => new { o.Name, o.CreditCode }).SingleOrDefaultAsync(cancellationToken);
        return o is null ? null : Of(o.Name, o.CreditCode);
    }
}
