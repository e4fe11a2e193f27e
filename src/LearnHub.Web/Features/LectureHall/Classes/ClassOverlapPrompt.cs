using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Classes;

/// <summary>
/// The page that stops a nomination, an application or an approval once when the person stands in another class on
/// some of the same days: it names the other class and posts the same form again, confirmed. A warning, not a refusal.
/// </summary>
public sealed record OverlapConfirmPage(string ClassTitle, IReadOnlyList<string> Warnings, string Action,
    IReadOnlyList<KeyValuePair<string, string>> Fields, string Back);

/// <summary>Builds <see cref="OverlapConfirmPage"/> for the people a step is about; null when nobody's dates overlap.</summary>
public sealed class ClassOverlapPrompt(CoursesDbContext db, ClassEnrolments enrolments, IStringLocalizer<SharedResource> t)
{
    /// <summary>The form field that says the warning was seen.</summary>
    public const string ConfirmedField = "confirmOverlap";

    public const string ViewPath = "~/Features/LectureHall/Classes/OverlapConfirm.cshtml";

    public async Task<OverlapConfirmPage?> PageAsync(int classId, IReadOnlyCollection<int> personIds, string action,
        IReadOnlyList<KeyValuePair<string, string>> fields, string back, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var warnings = new List<string>();
        foreach (var personId in personIds)
        {
            var overlaps = await enrolments.OverlapsAsync(classId, personId, cancellationToken);
            if (overlaps.Count == 0)
            {
                continue;
            }

            var name = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Name).SingleAsync(cancellationToken);
            warnings.AddRange(overlaps.Select(o => t["ClassOps.Overlap", name, o.Title, Day(o.StartsOn), Day(o.EndsOn), t["Class.Status." + o.Status]].Value));
        }

        if (warnings.Count == 0)
        {
            return null;
        }

        var title = await db.TrainingClasses.AsNoTracking().Where(c => c.Id == classId).Select(c => c.Title).SingleAsync(cancellationToken);
        return new(title, warnings, action, [.. fields, new(ConfirmedField, "true")], back);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
