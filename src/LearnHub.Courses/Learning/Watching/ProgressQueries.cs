using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>A course a person has started: lessons done, how far through its work they are, and the hours it credits.</summary>
public sealed record CourseProgress(int CourseId, string Slug, string Title, decimal CreditHours, int Lessons, int LessonsCompleted,
    double WatchedRatio, DateTimeOffset? CompletedAt);

/// <summary>Read side of watching and reading progress, for "my learning".</summary>
public sealed class ProgressQueries(CoursesDbContext db, CourseCredit credit)
{
    public async Task<IReadOnlyList<CourseProgress>> ForPersonAsync(int personId, CancellationToken cancellationToken = default)
    {
        var rows = await db.LessonProgress.AsNoTracking().Where(p => p.PersonId == personId)
            .Select(p => new { p.CourseId, p.LessonId, p.CoveredSeconds, p.DurationSeconds, p.ReadSeconds, Completed = p.CompletedAt != null })
            .ToListAsync(cancellationToken);
        var completions = await db.CourseCompletions.AsNoTracking().Where(c => c.PersonId == personId)
            .Select(c => new { c.CourseId, c.CompletedAt }).ToListAsync(cancellationToken);
        var courseIds = rows.Select(r => r.CourseId).Concat(completions.Select(c => c.CourseId)).Distinct().ToList();
        var courses = await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id))
            .Select(c => new
            {
                c.Id, c.Slug, c.Title,
                Lessons = c.Lessons.Select(l => new { l.Id, HasVideo = l.MediaAssetId != null, ReadingSeconds = l.ReadingMinutes * 60.0 }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var hours = await credit.OfferedAsync(courseIds, cancellationToken);
        return courses.Select(c =>
            {
                var lessons = c.Lessons.Select(l => (Lesson: l, Row: rows.FirstOrDefault(r => r.LessonId == l.Id))).ToList();
                var total = Math.Max(1, c.Lessons.Count);
                // A lesson's share done: completed counts whole, else what was watched or read of it.
                var done = lessons.Sum(l => l.Row is null ? 0
                    : l.Row.Completed ? 1
                    : l.Lesson.HasVideo ? (l.Row.DurationSeconds <= 0 ? 0 : Math.Min(1, l.Row.CoveredSeconds / l.Row.DurationSeconds))
                    : l.Lesson.ReadingSeconds <= 0 ? 0 : Math.Min(1, l.Row.ReadSeconds / l.Lesson.ReadingSeconds)) / total;
                var completedAt = completions.FirstOrDefault(x => x.CourseId == c.Id)?.CompletedAt;
                return new CourseProgress(c.Id, c.Slug, c.Title, hours[c.Id], c.Lessons.Count, lessons.Count(l => l.Row?.Completed == true),
                    completedAt is null ? done : 1, completedAt);
            })
            .OrderBy(p => p.CompletedAt is not null).ThenBy(p => p.Title, StringComparer.Ordinal)
            .ToList();
    }
}
