using System.Security.Cryptography;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.Learning.Watching;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>Starts and submits attempts; the only writer of <see cref="QuizAttempt"/>.</summary>
public sealed class QuizService(CoursesDbContext db, LessonCompletion completion, ClassSettlement classes, TimeProvider clock)
{
    /// <summary>Resumes the person's open attempt or starts a new one if attempts remain.</summary>
    public async Task<StartResult> StartAsync(int quizId, int personId, CancellationToken cancellationToken)
    {
        var quiz = await db.Set<Quiz>().AsNoTracking().SingleOrDefaultAsync(q => q.Id == quizId && q.Published, cancellationToken);
        if (quiz is null)
        {
            return new StartResult(StartOutcome.NotFound, null);
        }

        var now = clock.GetUtcNow();
        var attempts = await db.Set<QuizAttempt>().Include(a => a.Answers)
            .Where(a => a.QuizId == quizId && a.PersonId == personId).ToListAsync(cancellationToken);
        var open = attempts.SingleOrDefault(a => a.IsOpen);
        if (open is not null)
        {
            if (!open.HasExpired(now))
            {
                return new StartResult(StartOutcome.Resumed, open.Id);
            }

            open.Expire(await QuestionsAsync(open.QuestionIds, cancellationToken), quiz.PassPercent, now);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (attempts.Count >= quiz.MaxAttempts)
        {
            return new StartResult(StartOutcome.AttemptsExhausted, null);
        }

        var available = await db.Set<Question>().Where(q => q.BankId == quiz.BankId && !q.Retired)
            .Select(q => q.Id).ToListAsync(cancellationToken);
        if (available.Count == 0)
        {
            return new StartResult(StartOutcome.NoQuestions, null);
        }

        // Unpredictable, so a trainee cannot foresee the next paper; stored, so the paper can be rebuilt.
        var seed = RandomNumberGenerator.GetInt32(int.MaxValue);
        var attempt = QuizAttempt.Start(quiz, personId, attempts.Count + 1, seed, available, now);
        db.Add(attempt);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A double click raced us to the same attempt number: use the one that won.
            db.ChangeTracker.Clear();
            var winner = await db.Set<QuizAttempt>().AsNoTracking()
                .SingleOrDefaultAsync(a => a.QuizId == quizId && a.PersonId == personId && a.State == AttemptState.InProgress, cancellationToken);
            return winner is null ? throw new InvalidOperationException("The attempt could not be started.") : new StartResult(StartOutcome.Resumed, winner.Id);
        }

        return new StartResult(StartOutcome.Started, attempt.Id);
    }

    /// <summary>Scores an attempt of this person. Responses to questions not on the paper are ignored.</summary>
    public async Task<SubmitOutcome> SubmitAsync(int attemptId, int personId, IReadOnlyDictionary<int, QuestionResponse> responses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var attempt = await db.Set<QuizAttempt>().Include(a => a.Answers)
            .SingleOrDefaultAsync(a => a.Id == attemptId && a.PersonId == personId, cancellationToken);
        if (attempt is null)
        {
            return SubmitOutcome.NotFound;
        }

        if (!attempt.IsOpen)
        {
            return SubmitOutcome.AlreadySubmitted;
        }

        var quiz = await db.Set<Quiz>().Where(q => q.Id == attempt.QuizId).Select(q => new { q.PassPercent, q.LessonId }).SingleAsync(cancellationToken);
        attempt.Submit(responses, await QuestionsAsync(attempt.QuestionIds, cancellationToken), quiz.PassPercent, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SubmitOutcome.AlreadySubmitted;
        }

        // A lesson watched to the end waits for its quiz; passing it completes the lesson (and maybe the course) now.
        if (attempt.Passed && quiz.LessonId is { } lessonId)
        {
            await completion.TryCompleteLessonAsync(personId, lessonId, cancellationToken);
        }

        // A class's closing quiz passed after its sessions closed completes the class now.
        if (attempt.Passed)
        {
            await classes.SettleForQuizAsync(attempt.QuizId, TrainingLedger.System, cancellationToken);
        }

        return attempt.State == AttemptState.TimedOut ? SubmitOutcome.TimedOut : SubmitOutcome.Scored;
    }

    private async Task<Dictionary<int, Question>> QuestionsAsync(List<int> ids, CancellationToken cancellationToken) =>
        await db.Set<Question>().AsNoTracking().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, cancellationToken);
}

public enum StartOutcome
{
    Started,
    Resumed,
    AttemptsExhausted,
    NoQuestions,
    NotFound,
}

public sealed record StartResult(StartOutcome Outcome, int? AttemptId);

public enum SubmitOutcome
{
    Scored,
    TimedOut,
    AlreadySubmitted,
    NotFound,
}
