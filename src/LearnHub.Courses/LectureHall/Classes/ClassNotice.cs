using LearnHub.Courses.Calendar;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>A notice (班级通知) the head teacher or organizer posted to a class: a title and Markdown text, kept and listed for the admitted trainees.</summary>
public sealed class ClassNotice
{
    public int Id { get; set; }

    public int ClassId { get; set; }

    public string Title { get; set; } = "";

    /// <summary>Plain text or Markdown, shown through <see cref="MarkdownNotes"/> (raw HTML is not passed through).</summary>
    public string Body { get; set; } = "";

    /// <summary>The account that posted it.</summary>
    public string PostedBy { get; set; } = "";

    /// <summary>The poster's name as shown then (accounts live in the web host).</summary>
    public string PostedByName { get; set; } = "";

    public DateTimeOffset PostedAt { get; set; }
}

public enum NoticeProblem
{
    TitleRequired,
    BodyRequired,
    TooLong,
    Unreadable,
}

/// <summary>A notice posted, with the people to tell (the class's admitted trainees); or why not.</summary>
public sealed record NoticeResult(ClassNotice? Notice, IReadOnlyList<int> Recipients, IReadOnlyList<NoticeProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>The class's notice board: posting (who may post is the caller's check) and the list, newest first.</summary>
public sealed class ClassNoticeBoard(CoursesDbContext db, ProgrammeClock clock)
{
    /// <summary>The longest notice text.</summary>
    public const int BodyLength = FieldLimits.LongText;

    public async Task<NoticeResult> PostAsync(int classId, string? title, string? body, string postedBy, string postedByName, CancellationToken cancellationToken = default)
    {
        var problems = new List<NoticeProblem>();
        title = title?.Trim() ?? "";
        body = body?.Trim() ?? "";
        if (title.Length == 0) problems.Add(NoticeProblem.TitleRequired);
        if (body.Length == 0) problems.Add(NoticeProblem.BodyRequired);
        if (title.Length > FieldLimits.Title || body.Length > BodyLength) problems.Add(NoticeProblem.TooLong);
        else if (body.Length > 0 && !MarkdownNotes.IsRenderable(body)) problems.Add(NoticeProblem.Unreadable);
        if (problems.Count > 0)
        {
            return new(null, [], problems);
        }

        var notice = db.ClassNotices.Add(new ClassNotice
        {
            ClassId = classId, Title = title, Body = body, PostedBy = postedBy, PostedByName = postedByName.Length <= FieldLimits.Name ? postedByName : postedByName[..FieldLimits.Name],
            PostedAt = clock.UtcNow,
        }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        var recipients = await db.ClassEnrolments.Where(e => e.ClassId == classId && e.Status == EnrolmentStatus.Admitted)
            .Select(e => e.PersonId).ToListAsync(cancellationToken);
        return new(notice, recipients, []);
    }

    /// <summary>The class's notices, newest first (ordered here: SQLite cannot order by a DateTimeOffset).</summary>
    public async Task<IReadOnlyList<ClassNotice>> ListAsync(int classId, CancellationToken cancellationToken = default) =>
        (await db.ClassNotices.AsNoTracking().Where(n => n.ClassId == classId).ToListAsync(cancellationToken))
        .OrderByDescending(n => n.PostedAt).ThenByDescending(n => n.Id).ToList();
}
