using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>Why a reflection was not taken or not graded; None when it was.</summary>
public enum ReflectionProblem
{
    None,
    NotFound,
    /// <summary>The class asks for no reflection.</summary>
    NotRequired,
    /// <summary>Only people admitted to the class hand one in.</summary>
    NotAdmitted,
    /// <summary>The due date (a programme day) has passed.</summary>
    PastDue,
    TooShort,
    TooLong,
    /// <summary>Handed in and not graded yet.</summary>
    AwaitingGrade,
    AlreadyPassed,
    /// <summary>A refused reflection was handed in again once already.</summary>
    NoMoreResubmissions,
    /// <summary>Past the due date, a refused reflection's one resubmission was not made within <see cref="ClassReflections.ResubmitDays"/> of the refusal.</summary>
    ResubmissionClosed,
    /// <summary>Grading: pass or fail (or a score 0–100) is missing.</summary>
    GradeRequired,
    /// <summary>Grading: a refusal says why.</summary>
    CommentRequired,
    CommentTooLong,
    /// <summary>Grading: a later attempt replaced this one.</summary>
    Superseded,
    /// <summary>Planning: a required reflection needs a minimum length (1–10,000), a due date from the class's start, a pass mark 0–100 if any.</summary>
    InvalidPlan,
}

/// <summary>The attached file as the host's document store keeps it.</summary>
public sealed record ReflectionAttachment(string FileName, string ContentType, long Size, string StoredName);

public sealed record ReflectionResult(ReflectionProblem Problem, ClassReflection? Reflection = null)
{
    public bool Succeeded => Problem == ReflectionProblem.None;
}

/// <summary>A class's reflection rules, as the plan page sets them.</summary>
public sealed record ReflectionPlan(bool Required, int MinLength, DateOnly? DueOn, int? PassMark);

/// <summary>
/// Reflections (学习心得): an admitted trainee hands one in by the due date, at least the plan's number of characters
/// (<see cref="ReflectionText.Count"/>) with an optional attachment; the head teacher grades it (pass or fail, or a score
/// against the pass mark) with a comment; a refused one may be handed in once more. Grading settles the class, so a
/// reflection accepted after the sessions closed completes it then, and one refused on a correction reverses the credit.
/// Who may grade is the caller's question (the class's staff).
/// </summary>
public sealed class ClassReflections(CoursesDbContext db, ClassSettlement settlement, ProgrammeClock clock)
{
    public const int MaxMinLength = 10_000;

    /// <summary>
    /// The programme days after a refusal in which its one resubmission is taken even past the due date. A refusal
    /// near or after the due date would otherwise leave no time to rewrite; a fixed week, not the class's certificate,
    /// because a class has no certificate deadline of its own and a week is what head teachers give in practice.
    /// </summary>
    public const int ResubmitDays = 7;

    /// <summary>The last programme day a refused reflection may be handed in again; null when it is not refused or was the last attempt.</summary>
    public DateOnly? ResubmitBy(TrainingClass trainingClass, ClassReflection latest)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        ArgumentNullException.ThrowIfNull(latest);
        if (latest is not { Status: ReflectionStatus.Failed, GradedAt: { } refusedAt } || latest.Attempt >= ClassReflection.MaxAttempts)
        {
            return null;
        }

        var window = clock.DateOf(refusedAt).AddDays(ResubmitDays);
        return trainingClass.ReflectionDueOn is { } due && due > window ? due : window;
    }

    /// <summary>Whether the person may hand in a reflection now, asked before an attachment is stored; the text is checked on submission.</summary>
    public async Task<ReflectionProblem> MaySubmitAsync(int classId, int personId, CancellationToken cancellationToken = default)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == classId, cancellationToken);
        return trainingClass is null ? ReflectionProblem.NotFound : await SubmissionProblemAsync(trainingClass, personId, cancellationToken);
    }

    public async Task<ReflectionResult> SubmitAsync(int classId, int personId, string? text, ReflectionAttachment? attachment, CancellationToken cancellationToken = default)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == classId, cancellationToken);
        if (trainingClass is null)
        {
            return new(ReflectionProblem.NotFound);
        }

        if (await SubmissionProblemAsync(trainingClass, personId, cancellationToken) is not ReflectionProblem.None and var problem)
        {
            return new(problem);
        }

        text = (text ?? "").Trim();
        var characters = ReflectionText.Count(text);
        if (text.Length > ClassReflection.MaxTextLength)
        {
            return new(ReflectionProblem.TooLong);
        }

        if (characters < trainingClass.ReflectionMinLength || characters == 0)
        {
            return new(ReflectionProblem.TooShort);
        }

        var attempts = await db.Set<ClassReflection>().CountAsync(r => r.ClassId == classId && r.PersonId == personId, cancellationToken);
        var reflection = db.Set<ClassReflection>().Add(new ClassReflection
        {
            ClassId = classId, PersonId = personId, Attempt = attempts + 1, Text = text, Characters = characters, SubmittedAt = clock.UtcNow,
            AttachmentName = attachment?.FileName, AttachmentType = attachment?.ContentType, AttachmentSize = attachment?.Size ?? 0,
            AttachmentStoredName = attachment?.StoredName,
        }).Entity;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same form sent twice at once: the unique (class, person, attempt) kept one.
            db.Entry(reflection).State = EntityState.Detached;
            return new(ReflectionProblem.AwaitingGrade);
        }

        return new(ReflectionProblem.None, reflection);
    }

    /// <summary>
    /// Grades the latest attempt: pass or fail when the class grades so, a score 0–100 against its pass mark otherwise; a
    /// refusal needs a comment. Grading again corrects the grade. Then settles the class.
    /// </summary>
    public async Task<ReflectionResult> GradeAsync(int classId, int reflectionId, bool? passed, int? score, string? comment, string gradedBy,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gradedBy);
        var reflection = await db.Set<ClassReflection>().Include(r => r.Class).SingleOrDefaultAsync(r => r.Id == reflectionId && r.ClassId == classId, cancellationToken);
        if (reflection?.Class is not { } trainingClass)
        {
            return new(ReflectionProblem.NotFound);
        }

        if (await db.Set<ClassReflection>().AnyAsync(r => r.ClassId == classId && r.PersonId == reflection.PersonId && r.Attempt > reflection.Attempt, cancellationToken))
        {
            return new(ReflectionProblem.Superseded);
        }

        if (trainingClass.ReflectionPassMark is { } mark)
        {
            if (score is not (>= 0 and <= 100))
            {
                return new(ReflectionProblem.GradeRequired);
            }

            passed = score >= mark;
        }
        else if (passed is null)
        {
            return new(ReflectionProblem.GradeRequired);
        }
        else
        {
            score = null;
        }

        comment = (comment ?? "").Trim();
        if (comment.Length > FieldLimits.LongText)
        {
            return new(ReflectionProblem.CommentTooLong);
        }

        if (passed == false && comment.Length == 0)
        {
            return new(ReflectionProblem.CommentRequired);
        }

        // The grade and what it does to the ledger land together (inside the caller's transaction when there is one).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        reflection.Status = passed == true ? ReflectionStatus.Passed : ReflectionStatus.Failed;
        reflection.Score = score;
        reflection.Comment = comment;
        reflection.GradedBy = gradedBy;
        reflection.GradedAt = clock.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        await settlement.SettleAsync(trainingClass.SeriesId, trainingClass.Title, gradedBy, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return new(ReflectionProblem.None, reflection);
    }

    /// <summary>Sets whether and how the class asks for a reflection; changing it settles the class again.</summary>
    public async Task<ReflectionProblem> PlanAsync(int classId, ReflectionPlan plan, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var trainingClass = await db.TrainingClasses.SingleOrDefaultAsync(c => c.Id == classId, cancellationToken);
        if (trainingClass is null)
        {
            return ReflectionProblem.NotFound;
        }

        if (plan.Required && (plan.MinLength is < 1 or > MaxMinLength || plan.DueOn is not { } due || due < trainingClass.StartsOn || plan.PassMark is < 0 or > 100))
        {
            return ReflectionProblem.InvalidPlan;
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        trainingClass.ReflectionRequired = plan.Required;
        trainingClass.ReflectionMinLength = plan.Required ? plan.MinLength : trainingClass.ReflectionMinLength;
        trainingClass.ReflectionDueOn = plan.Required ? plan.DueOn : trainingClass.ReflectionDueOn;
        trainingClass.ReflectionPassMark = plan.Required ? plan.PassMark : trainingClass.ReflectionPassMark;
        await db.SaveChangesAsync(cancellationToken);
        await settlement.SettleAsync(trainingClass.SeriesId, trainingClass.Title, by, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return ReflectionProblem.None;
    }

    /// <summary>The latest attempt of each trainee of the class (everyone's for the class's staff; the caller scopes it).</summary>
    public async Task<IReadOnlyList<ClassReflection>> LatestAsync(int classId, CancellationToken cancellationToken = default) =>
        (await db.Set<ClassReflection>().AsNoTracking().Include(r => r.Person).ThenInclude(p => p!.Organization)
            .Where(r => r.ClassId == classId).ToListAsync(cancellationToken))
        .GroupBy(r => r.PersonId).Select(g => g.MaxBy(r => r.Attempt)!).OrderBy(r => r.Person!.Name, StringComparer.Ordinal).ThenBy(r => r.Id).ToList();

    /// <summary>Every attempt of one trainee, first first.</summary>
    public async Task<IReadOnlyList<ClassReflection>> AttemptsAsync(int classId, int personId, CancellationToken cancellationToken = default) =>
        await db.Set<ClassReflection>().AsNoTracking().Where(r => r.ClassId == classId && r.PersonId == personId).OrderBy(r => r.Attempt).ToListAsync(cancellationToken);

    /// <summary>Pairs of the class's current reflections that share long runs of text (<see cref="ReflectionOverlap"/>).</summary>
    public async Task<IReadOnlyList<OverlapPair>> OverlapsAsync(int classId, CancellationToken cancellationToken = default) =>
        ReflectionOverlap.Flag((await LatestAsync(classId, cancellationToken)).Select(r => new OverlapText(r.Id, r.Text)));

    private async Task<ReflectionProblem> SubmissionProblemAsync(TrainingClass trainingClass, int personId, CancellationToken cancellationToken)
    {
        if (!trainingClass.ReflectionRequired)
        {
            return ReflectionProblem.NotRequired;
        }

        if (!await db.ClassEnrolments.AnyAsync(e => e.ClassId == trainingClass.Id && e.PersonId == personId && e.Status == EnrolmentStatus.Admitted, cancellationToken))
        {
            return ReflectionProblem.NotAdmitted;
        }

        var attempts = await AttemptsAsync(trainingClass.Id, personId, cancellationToken);
        var latest = attempts.Count == 0 ? null : attempts[^1];
        // The due date is a programme day: taken until its last minute in the programme's zone, whatever the server's.
        if (trainingClass.ReflectionDueOn is { } due && clock.Today > due)
        {
            // Past it, only a refused reflection's one resubmission, within its window after the refusal.
            return latest is not null && ResubmitBy(trainingClass, latest) is { } by
                ? (clock.Today <= by ? ReflectionProblem.None : ReflectionProblem.ResubmissionClosed)
                : ReflectionProblem.PastDue;
        }

        return latest?.Status switch
        {
            null => ReflectionProblem.None,
            ReflectionStatus.Submitted => ReflectionProblem.AwaitingGrade,
            ReflectionStatus.Passed => ReflectionProblem.AlreadyPassed,
            _ when latest.Attempt >= ClassReflection.MaxAttempts => ReflectionProblem.NoMoreResubmissions,
            _ => ReflectionProblem.None,
        };
    }
}
