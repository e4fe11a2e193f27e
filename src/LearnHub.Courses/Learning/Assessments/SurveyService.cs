using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>
/// Decides who may answer a session's survey. Until attendance is recorded, anyone in the
/// session's target tiers may answer once the session has begun; attendance will narrow this to
/// people registered or present.
/// </summary>
public class SurveyEligibility(CoursesDbContext db, ProgrammeClock clock)
{
    public virtual async Task<SurveyEligibilityResult> CheckAsync(int personId, int sessionId, CancellationToken cancellationToken)
    {
        var session = await db.LectureHallSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return SurveyEligibilityResult.NoSession;
        }

        if (!HasBegun(session))
        {
            return SurveyEligibilityResult.NotYetHeld;
        }

        // Once attendance is taken, it decides: those who were there rate the session, those who were not do not.
        var attendance = await db.AttendanceRecords.Where(a => a.SessionId == sessionId && a.PersonId == personId)
            .Select(a => (LectureHall.Attendance.AttendanceState?)a.State).SingleOrDefaultAsync(cancellationToken);
        if (attendance is { } state)
        {
            return state is LectureHall.Attendance.AttendanceState.Absent or LectureHall.Attendance.AttendanceState.Excused
                ? SurveyEligibilityResult.NotAttended : SurveyEligibilityResult.Eligible;
        }

        var tiers = await db.People.Where(p => p.Id == personId).Select(p => (Registry.People.Tier?)p.Tiers).SingleOrDefaultAsync(cancellationToken);
        return tiers is { } t && (t & session.Tiers) != Registry.People.Tier.None ? SurveyEligibilityResult.Eligible : SurveyEligibilityResult.NotInAudience;
    }

    private bool HasBegun(LectureHallSession session)
    {
        return clock.UtcNow >= clock.Start(session);
    }
}

public enum SurveyEligibilityResult
{
    Eligible,
    NoSession,
    NotYetHeld,
    NotInAudience,
    NotAttended,
}

public enum SurveyOutcome
{
    Saved,
    AlreadyAnswered,
    NotEligible,
    InvalidRating,
}

/// <summary>Records survey responses, once per person and session.</summary>
public sealed class SurveyService(CoursesDbContext db, SurveyEligibility eligibility, TimeProvider clock)
{
    public async Task<SurveyOutcome> SubmitAsync(int personId, int sessionId, int content, int lecturer, int organisation, string? comment,
        CancellationToken cancellationToken)
    {
        if (!SurveyResponse.IsValidRating(content) || !SurveyResponse.IsValidRating(lecturer) || !SurveyResponse.IsValidRating(organisation))
        {
            return SurveyOutcome.InvalidRating;
        }

        if (await eligibility.CheckAsync(personId, sessionId, cancellationToken) != SurveyEligibilityResult.Eligible)
        {
            return SurveyOutcome.NotEligible;
        }

        if (await db.Set<SurveyResponse>().AnyAsync(r => r.LectureHallSessionId == sessionId && r.PersonId == personId, cancellationToken))
        {
            return SurveyOutcome.AlreadyAnswered;
        }

        var lecturerId = await db.LectureHallSessions.Where(s => s.Id == sessionId).Select(s => s.LecturerId).SingleAsync(cancellationToken);
        db.Add(new SurveyResponse
        {
            LectureHallSessionId = sessionId, PersonId = personId, LecturerId = lecturerId,
            ContentRating = content, LecturerRating = lecturer, OrganisationRating = organisation,
            Comment = (comment ?? "").Trim() is var c && c.Length > FieldLimits.LongText ? c[..FieldLimits.LongText] : c,
            SubmittedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (session, person) index caught a second response sent at the same moment.
            db.ChangeTracker.Clear();
            return SurveyOutcome.AlreadyAnswered;
        }

        return SurveyOutcome.Saved;
    }
}
