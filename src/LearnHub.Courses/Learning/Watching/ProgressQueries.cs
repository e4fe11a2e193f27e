using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>A course a person has started: lessons done and how much of its video they watched.</summary>
public sealed record CourseProgress(int CourseId, string Slug, string Title, decimal CreditHours, int Lessons, int LessonsCompleted,
    double WatchedRatio, DateTimeOffset? CompletedAt);

/// <summary>Read side of watching progress, for "my learning".</summary>
public sealed class ProgressQueries(CoursesDbContext db)
{
    public async Task<IReadOnlyList<CourseProgress>> ForPersonAsync(int personId, CancellationToken cancellationToken = default)
    {
        var rows = await db.LessonProgress.AsNoTracking().Where(p => p.PersonId == personId)
            .Select(p => new { p.CourseId, p.LessonId, p.CoveredSeconds, p.DurationSeconds, Completed = p.CompletedAt != null })
            .ToListAsync(cancellationToken);
        var completions = await db.CourseCompletions.AsNoTracking().Where(c => c.PersonId == personId)
            .Select(c => new { c.CourseId, c.CompletedAt }).ToListAsync(cancellationToken);
        var courseIds = rows.Select(r => r.CourseId).Concat(completions.Select(c => c.CourseId)).Distinct().ToList();
        var courses = await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Slug, c.Title, c.CreditHours, Lessons = c.Lessons.Where(l => l.MediaAssetId != null).Select(l => l.Id).ToList() })
            .ToListAsync(cancellationToken);
        return courses.Select(c =>
            {
                var lessons = rows.Where(r => r.CourseId == c.Id && c.Lessons.Contains(r.LessonId)).ToList();
                var total = Math.Max(1, c.Lessons.Count);
                // Lessons not yet started count as nothing watched.
                var watched = lessons.Sum(l => l.DurationSeconds <= 0 ? 0 : Math.Min(1, l.CoveredSeconds / l.DurationSeconds)) / total;
                var completedAt = completions.FirstOrDefault(x => x.CourseId == c.Id)?.CompletedAt;
                return new CourseProgress(c.Id, c.Slug, c.Title, c.CreditHours, c.Lessons.Count, lessons.Count(l => l.Completed),
                    completedAt is null ? watched : 1, completedAt);
            })
            .OrderBy(p => p.CompletedAt is not null).ThenBy(p => p.Title, StringComparer.Ordinal)
            .ToList();
    }
}
