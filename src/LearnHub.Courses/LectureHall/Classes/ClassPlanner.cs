using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>A class as typed into the planning form, before its rules are checked.</summary>
public sealed record ClassDraft(string? Title, string? Theme, ClassKind Kind, DateOnly? StartsOn, DateOnly? EndsOn, string? Place, int Capacity,
    int? OrganizationQuota, IEnumerable<Tier> Tiers, string? OrganizationCodes, string? HeadTeacherUserId, int? OrganizingUnitId);

public enum ClassField
{
    Title,
    Kind,
    StartsOn,
    EndsOn,
    Place,
    Capacity,
    OrganizationQuota,
    Organizations,
    OrganizingUnitId,
    Date,
    CourseId,
    QuizId,
    OpensOn,
    ClosesOn,
}

public enum ClassProblem
{
    Required,
    EndBeforeStart,
    NotPositive,
    UnknownOrganization,
    UnknownUnit,
    /// <summary>A timetable date outside the class's dates.</summary>
    OutsideClass,
    UnknownCourse,
    UnknownQuiz,
    /// <summary>Fewer seats than people already admitted.</summary>
    BelowAdmitted,
    /// <summary>Seats were taken or freed while the class was saved, twice in a row: nothing was saved, try again.</summary>
    Contended,
}

public sealed record ClassError(ClassField Field, ClassProblem Problem, string? Value = null);

public sealed record ClassSaveResult(TrainingClass? Class, IReadOnlyList<ClassError> Errors, IReadOnlyList<EnrolmentMove> Moves)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>An online course or the closing quiz as typed into the timetable form.</summary>
public sealed record ClassItemDraft(ClassItemKind Kind, int? CourseId, int? QuizId, DateOnly? OpensOn, DateOnly? ClosesOn);

/// <summary>
/// Plans classes: the class itself, with its own lecture-hall series for its sessions, and its timetable. Sessions are
/// saved by the lecture hall's <see cref="SessionPlanner"/>, so a class's lecturers meet the same clash and
/// appointment-term checks as any lecture-hall session; this adds that a session falls within the class's dates.
/// </summary>
public sealed class ClassPlanner(CoursesDbContext db, SessionPlanner sessions, ClassEnrolments enrolments)
{
    private static readonly char[] CodeSeparators = ['\n', '\r', ',', '，', ' ', ';', '；'];

    /// <summary>
    /// Saves the class. An approval or withdrawal that saves between this reading the class and writing it moves its
    /// <see cref="TrainingClass.SeatsVersion"/>: the edit is then made once more on the fresh class (its seats checked
    /// against the admitted count as it now is), and a second conflict in a row is reported, never thrown.
    /// </summary>
    public async Task<ClassSaveResult> SaveAsync(int? classId, ClassDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return await ClassEnrolments.OnceMoreOnConflictAsync(db, () => SaveOnceAsync(classId, draft, cancellationToken),
            new ClassSaveResult(null, [new(ClassField.Capacity, ClassProblem.Contended)], []));
    }

    private async Task<ClassSaveResult> SaveOnceAsync(int? classId, ClassDraft draft, CancellationToken cancellationToken)
    {
        var errors = new List<ClassError>();
        if (string.IsNullOrWhiteSpace(draft.Title)) errors.Add(new(ClassField.Title, ClassProblem.Required));
        if (!Enum.IsDefined(draft.Kind)) errors.Add(new(ClassField.Kind, ClassProblem.Required));
        if (draft.StartsOn is null) errors.Add(new(ClassField.StartsOn, ClassProblem.Required));
        if (draft.EndsOn is null) errors.Add(new(ClassField.EndsOn, ClassProblem.Required));
        if (draft is { StartsOn: { } s, EndsOn: { } e } && e < s) errors.Add(new(ClassField.EndsOn, ClassProblem.EndBeforeStart));
        if (draft.Kind != ClassKind.Online && string.IsNullOrWhiteSpace(draft.Place)) errors.Add(new(ClassField.Place, ClassProblem.Required));
        if (draft.Capacity <= 0) errors.Add(new(ClassField.Capacity, ClassProblem.NotPositive));
        if (draft.OrganizationQuota is <= 0) errors.Add(new(ClassField.OrganizationQuota, ClassProblem.NotPositive));
        if (draft.OrganizingUnitId is { } unitId && !await db.SupervisingUnits.AnyAsync(u => u.Id == unitId, cancellationToken))
        {
            errors.Add(new(ClassField.OrganizingUnitId, ClassProblem.UnknownUnit));
        }

        var codes = (draft.OrganizationCodes ?? "").Split(CodeSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToUpperInvariant()).Distinct().ToList();
        var organizations = await db.Organizations.Where(o => codes.Contains(o.CreditCode)).Select(o => new { o.Id, o.CreditCode }).ToListAsync(cancellationToken);
        if (codes.Except(organizations.Select(o => o.CreditCode)).FirstOrDefault() is { } unknown)
        {
            errors.Add(new(ClassField.Organizations, ClassProblem.UnknownOrganization, unknown));
        }

        var trainingClass = classId is { } id
            ? await db.TrainingClasses.Include(c => c.TargetOrganizations).Include(c => c.Series).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            : null;
        if (classId is not null && trainingClass is null)
        {
            throw new InvalidOperationException("No such class.");
        }

        if (trainingClass is not null && draft.Capacity > 0
            && await db.ClassEnrolments.CountAsync(x => x.ClassId == trainingClass.Id && x.Status == EnrolmentStatus.Admitted, cancellationToken) > draft.Capacity)
        {
            errors.Add(new(ClassField.Capacity, ClassProblem.BelowAdmitted));
        }

        if (errors.Count > 0)
        {
            return new(null, errors, []);
        }

        if (trainingClass is null)
        {
            // The class's sessions live in a series of their own, credited as one class under the 1/7 leave rule.
            var series = new LectureHallSeries { Year = draft.StartsOn!.Value.Year, IsClass = true };
            trainingClass = db.TrainingClasses.Add(new TrainingClass { Series = series }).Entity;
        }

        trainingClass.Title = draft.Title!.Trim();
        trainingClass.Theme = draft.Theme?.Trim() ?? "";
        trainingClass.Kind = draft.Kind;
        trainingClass.StartsOn = draft.StartsOn!.Value;
        trainingClass.EndsOn = draft.EndsOn!.Value;
        trainingClass.Place = draft.Place?.Trim() ?? "";
        trainingClass.Capacity = draft.Capacity;
        trainingClass.OrganizationQuota = draft.OrganizationQuota;
        trainingClass.Tiers = draft.Tiers.Where(x => Enum.IsDefined(x)).Aggregate(Tier.None, (a, x) => a | x);
        trainingClass.TargetOrganizations.Clear();
        trainingClass.TargetOrganizations.AddRange(organizations.Select(o => new ClassTargetOrganization { OrganizationId = o.Id }));
        trainingClass.HeadTeacherUserId = string.IsNullOrWhiteSpace(draft.HeadTeacherUserId) ? null : draft.HeadTeacherUserId;
        trainingClass.OrganizingUnitId = draft.OrganizingUnitId;
        trainingClass.Series!.Title = trainingClass.Title;
        trainingClass.Series.Summary = trainingClass.Theme;
        await db.SaveChangesAsync(cancellationToken);
        // More seats than before take people off the waiting list.
        var moves = await enrolments.FillSeatsAsync(trainingClass.Id, cancellationToken);
        return new(trainingClass, [], moves);
    }

    /// <summary>
    /// Adds or changes a session of the class's timetable (in person, or live when it has a live room). Seats are the
    /// class's: the session holds as many as the class and no audience of its own, its roster being the admitted people.
    /// </summary>
    public async Task<SessionSaveResult> SaveSessionAsync(int classId, int? sessionId, SessionDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleAsync(c => c.Id == classId, cancellationToken);
        if (draft.Date is { } date && (date < trainingClass.StartsOn || date > trainingClass.EndsOn))
        {
            return new(null, [new SessionError(SessionField.Date, SessionProblem.OutsideClass)], RosterChange.None);
        }

        var classDraft = draft with { Capacity = trainingClass.Capacity, Tiers = [], Fields = [], OrganizationCodes = null };
        var result = await sessions.SaveAsync(trainingClass.SeriesId, sessionId, classDraft, cancellationToken);
        if (result.Succeeded && sessionId is null)
        {
            await RegisterAdmittedAsync(trainingClass, result.Session!.Id, cancellationToken);
        }

        return result;
    }

    /// <summary>Adds a required online course or the closing quiz, open within the class's dates.</summary>
    public async Task<IReadOnlyList<ClassError>> AddItemAsync(int classId, ClassItemDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var trainingClass = await db.TrainingClasses.SingleAsync(c => c.Id == classId, cancellationToken);
        var errors = new List<ClassError>();
        switch (draft.Kind)
        {
            case ClassItemKind.OnlineCourse when draft.CourseId is not { } courseId || !await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken):
                errors.Add(new(ClassField.CourseId, ClassProblem.UnknownCourse));
                break;
            case ClassItemKind.ClosingQuiz when draft.QuizId is null:
                // Whether the quiz exists is asked by the caller: quizzes belong to assessments, which build on the lecture hall.
                errors.Add(new(ClassField.QuizId, ClassProblem.UnknownQuiz));
                break;
            case ClassItemKind.OnlineCourse or ClassItemKind.ClosingQuiz:
                break;
            default:
                errors.Add(new(ClassField.Kind, ClassProblem.Required));
                break;
        }

        if (draft.OpensOn is null) errors.Add(new(ClassField.OpensOn, ClassProblem.Required));
        if (draft.ClosesOn is null) errors.Add(new(ClassField.ClosesOn, ClassProblem.Required));
        if (draft is { OpensOn: { } opens, ClosesOn: { } closes })
        {
            if (closes < opens) errors.Add(new(ClassField.ClosesOn, ClassProblem.EndBeforeStart));
            else if (opens < trainingClass.StartsOn || closes > trainingClass.EndsOn) errors.Add(new(ClassField.OpensOn, ClassProblem.OutsideClass));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        trainingClass.Items.Add(new ClassItem
        {
            Kind = draft.Kind, CourseId = draft.Kind == ClassItemKind.OnlineCourse ? draft.CourseId : null,
            QuizId = draft.Kind == ClassItemKind.ClosingQuiz ? draft.QuizId : null, OpensOn = draft.OpensOn!.Value, ClosesOn = draft.ClosesOn!.Value,
        });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<PlanningOutcome> RemoveItemAsync(int classId, int itemId, CancellationToken cancellationToken = default)
    {
        var item = await db.ClassItems.SingleOrDefaultAsync(i => i.Id == itemId && i.ClassId == classId, cancellationToken);
        if (item is null)
        {
            return PlanningOutcome.NotFound;
        }

        db.ClassItems.Remove(item);
        await db.SaveChangesAsync(cancellationToken);
        return PlanningOutcome.Done;
    }

    /// <summary>The timetable's totals: session hours, online-course hours, and the dates with sessions.</summary>
    public async Task<ClassTimetable> TimetableAsync(int classId, CancellationToken cancellationToken = default)
    {
        var seriesId = await db.TrainingClasses.Where(c => c.Id == classId).Select(c => c.SeriesId).SingleAsync(cancellationToken);
        var classSessions = await db.LectureHallSessions.AsNoTracking().Where(s => s.SeriesId == seriesId).ToListAsync(cancellationToken);
        var courseHours = await db.ClassItems.Where(i => i.ClassId == classId && i.Kind == ClassItemKind.OnlineCourse)
            .Select(i => i.Course!.CreditHours).ToListAsync(cancellationToken);
        return ClassTimetable.Of(classSessions, courseHours);
    }

    /// <summary>People admitted before a session was added are on its roster too.</summary>
    private async Task RegisterAdmittedAsync(TrainingClass trainingClass, int sessionId, CancellationToken cancellationToken)
    {
        var admitted = await db.ClassEnrolments.Where(e => e.ClassId == trainingClass.Id && e.Status == EnrolmentStatus.Admitted)
            .Select(e => new { e.PersonId, e.RequestedAt }).ToListAsync(cancellationToken);
        if (admitted.Count == 0)
        {
            return;
        }

        db.SessionRegistrations.AddRange(admitted.Select(a => new SessionRegistration
        {
            SessionId = sessionId, PersonId = a.PersonId, Status = RegistrationStatus.Registered, RequestedAt = a.RequestedAt,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }
}
