using LearnHub.Courses.Content;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Catalogue.Attachments;

/// <summary>
/// The demo's lesson attachments: the templates the course on the three meetings and one lesson promises, from
/// content/attachments, stored the way a lecturer's upload is. A lesson that already has any is left alone.
/// </summary>
internal static class DemoAttachments
{
    private static readonly (string Course, int Order, string File)[] Files =
    [
        ("pb-three-meetings-one-lesson", 1, "党课备课提纲模板.txt"),
        ("pb-three-meetings-one-lesson", 2, "支部党员大会会议记录模板.txt"),
        ("pb-three-meetings-one-lesson", 3, "主题党日活动方案模板.txt"),
    ];

    public static async Task EnsureAsync(IServiceProvider provider, string contentPath, CancellationToken cancellationToken)
    {
        var db = provider.GetRequiredService<CoursesDbContext>();
        var attachments = provider.GetRequiredService<LessonAttachments>();
        var done = new HashSet<int>();
        foreach (var (course, order, file) in Files)
        {
            var lessonId = await db.Lessons.Where(l => l.Order == order && db.Courses.Any(c => c.Id == l.CourseId && c.Slug == course))
                .Select(l => (int?)l.Id).SingleOrDefaultAsync(cancellationToken);
            var path = Path.Combine(contentPath, "attachments", file);
            if (lessonId is not { } id || !File.Exists(path) || (!done.Contains(id) && await db.LessonAttachments.AnyAsync(a => a.LessonId == id, cancellationToken)))
            {
                continue;
            }

            await using var content = File.OpenRead(path);
            await attachments.AddAsync(id, file, content.Length, content, DemoContentLoader.Author, cancellationToken);
            done.Add(id);
        }
    }
}
