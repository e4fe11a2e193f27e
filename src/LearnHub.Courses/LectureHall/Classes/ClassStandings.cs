using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>Where one part of completing a class stands for a trainee.</summary>
public enum CheckState
{
    /// <summary>The class does not ask for it.</summary>
    NotRequired,
    /// <summary>Not done yet, or not decided yet (a reflection waiting for its grade, sessions still to be held).</summary>
    Open,
    Met,
    /// <summary>Missed as things stand: leave over 1/7, a refused reflection.</summary>
    Failed,
}

/// <summary>
/// One trainee's checklist for completing (结业) a class: attendance under the 1/7 leave rule, the closing quiz if the
/// class has one, the reflection if the class asks for one. Leave counts the closed sessions only, so during the class it
/// says how much of the allowance is used so far; the class completes once every session is closed and all three are met.
/// </summary>
public sealed record ClassStanding(int PersonId, ClassResult Attendance, bool SessionsClosed, CheckState Quiz, bool ReflectionRequired, ClassReflection? Reflection)
{
    /// <summary>The leave the 1/7 rule allows over the whole class.</summary>
    public decimal LeaveAllowance => Attendance.ClassHours / 7;

    /// <summary>Leave only grows as sessions close, so leave over 1/7 already is a miss (until a correction says otherwise).</summary>
    public CheckState AttendanceCheck => !Attendance.Completes ? CheckState.Failed : SessionsClosed ? CheckState.Met : CheckState.Open;

    public CheckState ReflectionCheck => !ReflectionRequired ? CheckState.NotRequired : Reflection?.Status switch
    {
        ReflectionStatus.Passed => CheckState.Met,
        ReflectionStatus.Failed => CheckState.Failed,
        _ => CheckState.Open,
    };

    /// <summary>Whether the refused reflection may still be handed in again.</summary>
    public bool MayResubmit => Reflection is { Status: ReflectionStatus.Failed, Attempt: < ClassReflection.MaxAttempts };

    /// <summary>已结业: every session closed, attendance within the leave rule, the quiz passed and the reflection accepted where asked.</summary>
    public bool Completes => SessionsClosed && Attendance.Completes && Quiz is CheckState.NotRequired or CheckState.Met
        && ReflectionCheck is CheckState.NotRequired or CheckState.Met;
}

/// <summary>
/// Reads trainees' standings in a class (or in a multi-day lecture-hall class without a plan, which has only
/// attendance to meet): what the settlement credits, the trainee's checklist shows and the closing summary counts.
/// </summary>
public sealed class ClassStandings(CoursesDbContext db, IClosingQuizResults quizzes, ProgrammeClock clock)
{
    /// <summary>The class's closing quiz to link to (the first, when a class has more than one); null without one.</summary>
    public Task<int?> ClosingQuizAsync(int classId, CancellationToken cancellationToken = default) =>
        db.ClassItems.Where(i => i.ClassId == classId && i.Kind == ClassItemKind.ClosingQuiz).OrderBy(i => i.Id).Select(i => i.QuizId).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ClassStanding>> OfSeriesAsync(int seriesId, IReadOnlyCollection<int> people, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(people);
        var sessions = await db.LectureHallSessions.AsNoTracking().Where(s => s.SeriesId == seriesId).ToListAsync(cancellationToken);
        var ids = sessions.Select(s => s.Id).ToList();
        var records = (await db.AttendanceRecords.AsNoTracking().Where(a => ids.Contains(a.SessionId) && people.Contains(a.PersonId)).ToListAsync(cancellationToken))
            .ToDictionary(a => (a.SessionId, a.PersonId));
        var trainingClass = await db.TrainingClasses.AsNoTracking().Include(c => c.Items).SingleOrDefaultAsync(c => c.SeriesId == seriesId, cancellationToken);

        // Every closing quiz of the class is to be passed (a class normally has one), each from the day it opened.
        HashSet<int>? passed = null;
        foreach (var item in trainingClass?.Items.Where(i => i.Kind == ClassItemKind.ClosingQuiz && i.QuizId is not null) ?? [])
        {
            var passes = await quizzes.PassedAsync(item.QuizId!.Value, clock.StartOfDay(item.OpensOn), people, cancellationToken);
            passed = passed is null ? [.. passes] : [.. passed.Intersect(passes)];
        }

        var reflections = trainingClass is null ? [] : (await db.Set<ClassReflection>().AsNoTracking()
                .Where(r => r.ClassId == trainingClass.Id && people.Contains(r.PersonId)).ToListAsync(cancellationToken))
            .GroupBy(r => r.PersonId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Attempt)!);
        var closed = sessions.Count > 0 && sessions.All(s => s.ClosedAt is not null);
        var classHours = sessions.Sum(s => s.CreditHours);
        return people.Order().Select(personId =>
        {
            var leave = sessions.Where(s => s.ClosedAt is not null).Sum(s => ClassCompletion.LeaveHours(s, records.GetValueOrDefault((s.Id, personId)), clock));
            var quiz = passed is null ? CheckState.NotRequired : passed.Contains(personId) ? CheckState.Met : CheckState.Open;
            return new ClassStanding(personId, new ClassResult(classHours, leave, ClassCompletion.Completes(classHours, leave)), closed, quiz,
                trainingClass?.ReflectionRequired == true, reflections.GetValueOrDefault(personId));
        }).ToList();
    }
}
