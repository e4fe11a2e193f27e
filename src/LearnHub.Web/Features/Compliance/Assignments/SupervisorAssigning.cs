using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Data;
using LearnHub.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Compliance.Assignments;

public sealed record AssignmentChoice(string Value, string Label);

/// <summary>What an assignment puts on people: a published course or a curriculum, with its title for the notice.</summary>
public sealed record AssignedWork(int? CourseId, int? CurriculumId, string Title);

/// <summary>
/// Putting work on people (指派学习), from the assignment form and from a selection on the supervision lists alike:
/// what may be assigned, the due date's range, and the save that tells everyone it reaches. Who the targets may be is
/// the caller's scope; this only writes and tells.
/// </summary>
public sealed class SupervisorAssigning(CoursesDbContext db, Notifier notifier, ProgrammeClock clock)
{
    /// <summary>The form's value for a course or a curriculum: "course:{id}", "curriculum:{id}".</summary>
    public static string Choice(string kind, int id) => kind + ":" + id.ToString(CultureInfo.InvariantCulture);

    public async Task<(IReadOnlyList<AssignmentChoice> Courses, IReadOnlyList<AssignmentChoice> Curricula)> ChoicesAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var courses = await db.Courses.AsNoTracking().Where(c => c.Published).OrderBy(c => c.Title)
            .Select(c => new { c.Id, c.Title }).ToListAsync(cancellationToken);
        var curricula = await db.Curricula.AsNoTracking().Where(c => c.Year >= today.Year).OrderBy(c => c.Year).ThenBy(c => c.Tier)
            .Select(c => new { c.Id, c.Title }).ToListAsync(cancellationToken);
        return (courses.Select(c => new AssignmentChoice(Choice("course", c.Id), c.Title)).ToList(),
            curricula.Select(c => new AssignmentChoice(Choice("curriculum", c.Id), c.Title)).ToList());
    }

    /// <summary>The work a form's value names, or null when it names nothing that may be assigned.</summary>
    public async Task<AssignedWork?> WorkAsync(string? value, CancellationToken cancellationToken)
    {
        if (Parse(value, "course:") is { } course
            && await db.Courses.Where(c => c.Id == course && c.Published).Select(c => c.Title).SingleOrDefaultAsync(cancellationToken) is { } courseTitle)
        {
            return new AssignedWork(course, null, courseTitle);
        }

        if (Parse(value, "curriculum:") is { } curriculum
            && await db.Curricula.Where(c => c.Id == curriculum).Select(c => c.Title).SingleOrDefaultAsync(cancellationToken) is { } curriculumTitle)
        {
            return new AssignedWork(null, curriculum, curriculumTitle);
        }

        return null;
    }

    /// <summary>A due date from today to the end of next year: work is planned within the programme's horizon.</summary>
    public bool DueInRange(DateOnly due)
    {
        var today = clock.Today;
        return due >= today && due.Year <= today.Year + 1;
    }

    /// <summary>
    /// Saves the assignment to an organization (everyone on it, now and later) and/or people, and tells each person it
    /// reaches now, once, on their own channels. Returns how many people were told.
    /// </summary>
    public async Task<int> AssignAsync(AssignedWork work, DateOnly dueOn, int? organizationId, IReadOnlyCollection<int> people, string assignedBy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(people);
        var assignment = new SupervisorAssignment
        {
            CourseId = work.CourseId, CurriculumId = work.CurriculumId, DueOn = dueOn, AssignedBy = assignedBy, AssignedAt = clock.UtcNow,
        };
        if (organizationId is { } target)
        {
            assignment.Targets.Add(new AssignmentTarget { OrganizationId = target });
        }

        assignment.Targets.AddRange(people.Select(p => new AssignmentTarget { PersonId = p }));
        db.SupervisorAssignments.Add(assignment);
        await db.SaveChangesAsync(cancellationToken);

        var targets = people.ToHashSet();
        if (organizationId is { } organization)
        {
            var today = clock.Today;
            targets.UnionWith(await db.People.Where(p => p.OrganizationId == organization && p.Positions.Any(x => x.EndedOn == null || x.EndedOn > today))
                .Select(p => p.Id).ToListAsync(cancellationToken));
        }

        var message = new NotificationMessage("Notice.Assigned",
            [work.Title, dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], "/my/learning",
            string.Create(CultureInfo.InvariantCulture, $"assignment:{assignment.Id}"));
        var told = 0;
        foreach (var personId in targets)
        {
            told += await notifier.NotifyPersonAsync(personId, message, cancellationToken) ? 1 : 0;
        }

        return told;
    }

    private static int? Parse(string? value, string prefix) =>
        value is not null && value.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
