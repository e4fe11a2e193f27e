using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Classes;

namespace LearnHub.Web.Features.LectureHall.Classes.Running;

/// <summary>A notice as typed into the head teacher's form.</summary>
public sealed class NoticeForm
{
    [Display(Name = "ClassRun.NoticeTitle")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    public string? Title { get; set; }

    [Display(Name = "ClassRun.NoticeBody")]
    [StringLength(ClassNoticeBoard.BodyLength, ErrorMessage = "Validation.TooLong")]
    public string? Body { get; set; }
}

/// <summary>One person at one of today's sessions: their attendance state, when they checked in, the note of a leave.</summary>
public sealed record SessionAttendee(int PersonId, string Name, AttendanceState? State, DateTimeOffset? CheckedInAt, string Note);

/// <summary>A session of the class held today, with who has checked in, who is on leave and who is not there yet.</summary>
public sealed record TodaySession(int Id, TimeOnly Start, TimeOnly End, string Topic, string Venue, bool Closed, bool Live,
    IReadOnlyList<SessionAttendee> CheckedIn, IReadOnlyList<SessionAttendee> OnLeave, IReadOnlyList<SessionAttendee> NotYet);

/// <summary>A leave request as the head teacher and the trainee see it.</summary>
public sealed record LeaveLine(int Id, int PersonId, string Name, string Organization, string Reason, LeaveState State, DateTimeOffset RequestedAt,
    IReadOnlyList<string> Sessions, decimal Hours, string Comment, DateTimeOffset? DecidedAt, LeaveStanding Standing, bool WouldExceed);

/// <summary>An admitted trainee on the head teacher's roster: their leave against the 1/7 rule and their group.</summary>
public sealed record RosterLine(int PersonId, string Name, string Organization, string Mobile, LeaveStanding Standing, string? Group, bool Leads);

public sealed record NoticeView(int Id, string Title, string Html, string PostedByName, DateTimeOffset PostedAt);

public sealed record GroupView(int Id, string Name, int? LeaderPersonId, IReadOnlyList<(int PersonId, string Name)> Members);

/// <summary>The head teacher's page of a class.</summary>
public sealed record RunPage(TrainingClass Class, string? HeadTeacherName, DateOnly Today, IReadOnlyList<TodaySession> TodaySessions, DateOnly? NextDay,
    IReadOnlyList<LeaveLine> PendingLeave, IReadOnlyList<LeaveLine> DecidedLeave, IReadOnlyList<RosterLine> Roster, IReadOnlyList<NoticeView> Notices,
    IReadOnlyList<GroupView> Groups, NoticeForm NoticeForm, bool MayPlan);

/// <summary>A session a trainee may still ask leave for.</summary>
public sealed record LeaveChoice(int SessionId, string Text, decimal Hours);

/// <summary>What an admitted trainee sees of the running class on their class page; <see cref="Admitted"/> false shows only the runner's link.</summary>
/// <param name="LeaveOpen">Whether a session of the class is still to end: once all have, leave (请假) is nothing to ask for or follow.</param>
public sealed record ClassLifeView(int ClassId, bool Admitted, bool Runs, string? HeadTeacherName, LeaveStanding? Standing, IReadOnlyList<LeaveChoice> Choices,
    IReadOnlyList<LeaveLine> Requests, IReadOnlyList<NoticeView> Notices, GroupView? Group, string? LeaveReason, bool LeaveOpen = false);

/// <summary>A class on the head teacher's list.</summary>
public sealed record RunClassRow(int Id, string Title, DateOnly StartsOn, DateOnly EndsOn, string Place, int Admitted, int PendingLeave);
