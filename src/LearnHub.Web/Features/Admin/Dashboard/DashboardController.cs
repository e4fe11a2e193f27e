using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Media;
using LearnHub.Media.Assets;
using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Admin.Dashboard;

public sealed record DashboardViewModel(bool IsAdmin, int Organizations, int People, int Units, int Lecturers, int Courses)
{
    /// <summary>What needs an administrator's attention; null for a supervisor, who sees their unit's counts only.</summary>
    public DashboardAttention? Attention { get; init; }
}

/// <summary>The administrator's "needs attention" lists: sessions coming up, questions without an answer, videos that failed.</summary>
public sealed record DashboardAttention(DateOnly Until, IReadOnlyList<UpcomingSessionRow> Sessions, int WaitingQuestions,
    IReadOnlyList<WaitingQuestionRow> NewestQuestions, int FailedCount, IReadOnlyList<FailedMediaRow> NewestFailed);

/// <summary>A session coming up; Expected counts its audience and registrations against its places.</summary>
public sealed record UpcomingSessionRow(int Id, DateOnly Date, TimeOnly Start, string Topic, string Series, string? Lecturer, int Expected, int Capacity);

/// <summary>A question without an answer; AskedAt in the programme's time.</summary>
public sealed record WaitingQuestionRow(int SessionId, string Topic, string Asker, string Text, DateTimeOffset AskedAt);

/// <summary>A failed video and the lesson it was for (none for a file uploaded without one); FailedAt in the programme's time.</summary>
public sealed record FailedMediaRow(string FileName, int? LessonId, string? Lesson, string? Course, MediaFailure Failure, DateTimeOffset FailedAt);

[Area("Admin")]
[Authorize(Roles = Roles.AdminOrSupervisor)]
public sealed class DashboardController(CoursesDbContext db, CurrentScope scope, ProgrammeClock clock, Roster roster,
    LiveRoomRegistry rooms, MediaLibrary media) : Controller
{
    /// <summary>How far ahead the upcoming sessions reach, in the programme's days.</summary>
    public const int UpcomingDays = 14;

    /// <summary>How many of the newest questions and failed videos the dashboard lists; the rest are counted.</summary>
    public const int Newest = 5;

    [HttpGet("/admin")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var organizations = db.Organizations.AsNoTracking().VisibleTo(scope);
        var people = db.People.AsNoTracking().VisibleTo(scope);
        ViewData["Section"] = "admin";
        return View(new DashboardViewModel(scope.IsAdmin,
            await organizations.CountAsync(cancellationToken),
            await people.CountAsync(cancellationToken),
            scope.IsAdmin ? await db.SupervisingUnits.CountAsync(cancellationToken) : 0,
            scope.IsAdmin ? await db.Lecturers.CountAsync(cancellationToken) : 0,
            scope.IsAdmin ? await db.Courses.CountAsync(cancellationToken) : 0)
        {
            Attention = scope.IsAdmin ? await AttentionAsync(cancellationToken) : null,
        });
    }

    private async Task<DashboardAttention> AttentionAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var until = today.AddDays(UpcomingDays);
        var upcoming = await db.LectureHallSessions.AsNoTracking()
            .Include(s => s.TargetOrganizations).Include(s => s.Lecturer).Include(s => s.Series)
            .Where(s => s.Date >= today && s.Date <= until && s.ClosedAt == null)
            .OrderBy(s => s.Date).ThenBy(s => s.StartTime)
            .ToListAsync(cancellationToken);
        var sessions = new List<UpcomingSessionRow>();
        foreach (var s in upcoming)
        {
            // Seats taken as the session page counts them: its audience by tier, field or organization, and registrations.
            var expected = await roster.Members(s).CountAsync(cancellationToken);
            sessions.Add(new UpcomingSessionRow(s.Id, s.Date, s.StartTime, s.Topic, s.Series?.Title ?? "", s.Lecturer?.Name, expected, s.Capacity));
        }

        // Live questions are kept in the rooms, not the database: those of the running or waiting rooms this node holds,
        // hidden ones left out. An ended room takes no more answers, so its questions need no one.
        var waiting = rooms.Rooms().Where(room => room.Phase != LiveRoomPhase.Ended)
            .SelectMany(room => room.Questions(staff: true, personId: null).Where(q => q.Answer is null && !q.Hidden).Select(q => (room.SessionId, Question: q)))
            .OrderByDescending(w => w.Question.AskedAt).ToList();
        var newest = waiting.Take(Newest).ToList();
        var questionSessions = newest.Select(w => w.SessionId).Distinct().ToList();
        var topics = await db.LectureHallSessions.AsNoTracking().Where(s => questionSessions.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Topic, cancellationToken);
        var questions = newest.Select(w => new WaitingQuestionRow(w.SessionId, topics.GetValueOrDefault(w.SessionId, ""), w.Question.AskerName, w.Question.Text, clock.Local(w.Question.AskedAt))).ToList();

        var allFailed = await media.FailedAsync(cancellationToken);
        var failed = allFailed.Take(Newest).ToList();
        var lessonIds = failed.Where(f => f.LessonId is not null).Select(f => f.LessonId!.Value).Distinct().ToList();
        var lessons = await db.Lessons.AsNoTracking().Where(l => lessonIds.Contains(l.Id))
            .Select(l => new { l.Id, l.Title, Course = db.Courses.Where(c => c.Id == l.CourseId).Select(c => c.Title).Single() })
            .ToDictionaryAsync(l => l.Id, cancellationToken);
        var failures = failed.Select(f => f.LessonId is { } id && lessons.TryGetValue(id, out var lesson)
            ? new FailedMediaRow(f.FileName, id, lesson.Title, lesson.Course, f.Failure, clock.Local(f.FailedAt))
            : new FailedMediaRow(f.FileName, null, null, null, f.Failure, clock.Local(f.FailedAt))).ToList();

        return new DashboardAttention(until, sessions, waiting.Count, questions, allFailed.Count, failures);
    }
}
