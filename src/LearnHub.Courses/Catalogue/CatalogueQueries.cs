using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Catalogue;

/// <summary>What a visitor filters the catalogue by; every part is optional.</summary>
public sealed record CatalogueFilter(Tier? Tier = null, CourseTopic? Topic = null, OrganizationField? Field = null,
    CourseFormat? Format = null, string? Search = null);

public sealed record CourseCard(int Id, string Slug, string Title, string Summary, CourseTopic Topic, Tier Tiers,
    OrganizationField Fields, CourseFormat Format, decimal CreditHours, string? LecturerName, int LessonCount);

public sealed record CourseDetail(int Id, string Slug, string Title, string Summary, string NotesMarkdown, CourseTopic Topic,
    Tier Tiers, OrganizationField Fields, CourseFormat Format, decimal CreditHours, string? LecturerName,
    string? LecturerTitle, string? LecturerAffiliation, IReadOnlyList<LessonSummary> Lessons);

/// <summary>A lesson as the catalogue shows it; <see cref="VideoSeconds"/> (with a video) or <see cref="ReadingMinutes"/> (without) is the work it stands for.</summary>
public sealed record LessonSummary(int Id, int Order, string Title, int Minutes, string NotesMarkdown, Guid? MediaAssetId,
    double VideoSeconds = 0, int ReadingMinutes = 0)
{
    /// <summary>Read, not watched: no video, and a reading time its author set.</summary>
    public bool IsReading => MediaAssetId is null && ReadingMinutes > 0;
}

/// <summary>Read side of the catalogue.</summary>
public sealed class CatalogueQueries(CoursesDbContext db)
{
    public async Task<IReadOnlyList<CourseCard>> SearchAsync(CatalogueFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Courses.AsNoTracking().Where(c => c.Published);
        if (filter.Tier is { } tier)
        {
            query = query.Where(c => (c.Tiers & tier) != 0);
        }

        if (filter.Topic is { } topic)
        {
            query = query.Where(c => c.Topic == topic);
        }

        if (filter.Field is { } field)
        {
            // A course tagged with no field is meant for every field.
            query = query.Where(c => c.Fields == OrganizationField.None || (c.Fields & field) != 0);
        }

        if (filter.Format is { } format)
        {
            query = query.Where(c => c.Format == format);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            query = query.Where(c => c.Title.Contains(term) || c.Summary.Contains(term) ||
                (c.Lecturer != null && c.Lecturer.Name.Contains(term)));
        }

        return await query
            .OrderBy(c => c.Topic).ThenBy(c => c.Title)
            .Select(c => new CourseCard(c.Id, c.Slug, c.Title, c.Summary, c.Topic, c.Tiers, c.Fields, c.Format,
                c.CreditHours, c.Lecturer != null ? c.Lecturer.Name : null, c.Lessons.Count))
            .ToListAsync(cancellationToken);
    }

    /// <param name="slug">The course's address.</param>
    /// <param name="unpublished">Also an unpublished course: for the page's preview to those who may manage it, never for the public.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<CourseDetail?> FindAsync(string slug, bool unpublished, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking()
            .Where(c => c.Slug == slug && (c.Published || unpublished))
            .Select(c => new
            {
                c.Id, c.Slug, c.Title, c.Summary, c.NotesMarkdown, c.Topic, c.Tiers, c.Fields, c.Format, c.CreditHours,
                LecturerName = c.Lecturer != null ? c.Lecturer.Name : null,
                LecturerTitle = c.Lecturer != null ? c.Lecturer.Title : null,
                LecturerAffiliation = c.Lecturer != null ? c.Lecturer.Affiliation : null,
                Lessons = c.Lessons.OrderBy(l => l.Order)
                    .Select(l => new LessonSummary(l.Id, l.Order, l.Title, l.Minutes, l.NotesMarkdown, l.MediaAssetId, l.VideoSeconds, l.ReadingMinutes)).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return course is null ? null : new CourseDetail(course.Id, course.Slug, course.Title, course.Summary, course.NotesMarkdown,
            course.Topic, course.Tiers, course.Fields, course.Format, course.CreditHours, course.LecturerName,
            course.LecturerTitle, course.LecturerAffiliation, course.Lessons);
    }
}
