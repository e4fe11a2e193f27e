using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.Learning.Assessments;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Classes;

/// <summary>What the class pages read: the timetable in date order, the enrolments a user may see, the hours a day counts for.</summary>
public sealed class ClassTimetables(CoursesDbContext db)
{
    /// <summary>Sessions (in person or live) and the online courses and closing quiz, by date and time.</summary>
    public async Task<List<TimetableEntry>> EntriesAsync(TrainingClass trainingClass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        var sessions = await db.LectureHallSessions.AsNoTracking().Where(s => s.SeriesId == trainingClass.SeriesId)
            .Select(s => new TimetableEntry(s.Date, s.StartTime, s.EndTime, s.HasLiveRoom ? "Live" : "InPerson", s.Topic,
                s.Lecturer == null ? null : s.Lecturer.Name, s.Venue, null, s.Id, null))
            .ToListAsync(cancellationToken);
        var items = await db.ClassItems.AsNoTracking().Where(i => i.ClassId == trainingClass.Id)
            .Select(i => new { i.Id, i.Kind, i.OpensOn, i.ClosesOn, i.QuizId, Course = i.Course == null ? null : i.Course.Title })
            .ToListAsync(cancellationToken);
        var quizIds = items.Where(i => i.QuizId is not null).Select(i => i.QuizId!.Value).ToList();
        var quizzes = await db.Set<Quiz>().Where(q => quizIds.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.Title, cancellationToken);
        sessions.AddRange(items.Select(i => new TimetableEntry(i.OpensOn, null, null, i.Kind.ToString(),
            i.Course ?? (i.QuizId is { } q ? quizzes.GetValueOrDefault(q, "") : ""), null, null, i.ClosesOn, null, i.Id)));
        return sessions.OrderBy(e => e.Date).ThenBy(e => e.Start ?? TimeOnly.MaxValue).ToList();
    }

    /// <summary>The enrolments in reach by state, each state in the order it was approved or asked (sorted here: SQLite cannot order by time).</summary>
    public async Task<List<EnrolmentRow>> EnrolmentsAsync(int classId, ClassReach reach, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reach);
        var rows = await reach.Enrolments(db.ClassEnrolments.AsNoTracking().Where(e => e.ClassId == classId))
            .Select(e => new { Row = new EnrolmentRow(e.Id, e.PersonId, e.Person!.Name, e.Person.Organization!.Name, e.Route, e.Status, e.RequestedAt, e.Reason), e.ApprovedAt })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Row.Status).ThenBy(r => r.ApprovedAt ?? r.Row.RequestedAt).ThenBy(r => r.Row.Id).Select(r => r.Row).ToList();
    }

    /// <summary>The hours a training day counts for in the year's active rules (7.5 by default).</summary>
    public async Task<decimal> HoursPerDayAsync(int year, CancellationToken cancellationToken) =>
        await db.RuleSets.Where(r => r.Year == year && r.Active).Select(r => (decimal?)r.HoursPerDay).FirstOrDefaultAsync(cancellationToken) ?? new RuleSet().HoursPerDay;
}
