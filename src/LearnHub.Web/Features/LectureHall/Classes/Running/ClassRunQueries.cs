using LearnHub.Courses.Calendar;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Classes.Running;

/// <summary>What the head teacher's page and the trainee's part of the class page read.</summary>
public sealed class ClassRunQueries(CoursesDbContext db, ClassLeave leave, ClassNoticeBoard notices, ClassGroups groups, UserManager<AppUser> users,
    ProgrammeClock clock, IStringLocalizer<SharedResource> t)
{
    public async Task<RunPage> RunPageAsync(TrainingClass trainingClass, NoticeForm form, bool mayPlan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        var today = clock.Today;
        var sessions = await SessionsAsync(trainingClass, cancellationToken);
        var admitted = await db.ClassEnrolments.AsNoTracking().Where(e => e.ClassId == trainingClass.Id && e.Status == EnrolmentStatus.Admitted)
            .Select(e => new { e.PersonId, e.Person!.Name, Organization = e.Person.Organization!.Name, e.Person.Mobile }).ToListAsync(cancellationToken);
        var names = admitted.ToDictionary(a => a.PersonId, a => a.Name);
        var todays = sessions.Where(s => s.Date == today).ToList();
        var todayIds = todays.Select(s => s.Id).ToList();
        var records = await db.AttendanceRecords.AsNoTracking().Where(a => todayIds.Contains(a.SessionId)).ToListAsync(cancellationToken);
        var todaySessions = todays.Select(s =>
        {
            var here = records.Where(r => r.SessionId == s.Id).ToDictionary(r => r.PersonId);
            var people = admitted.Select(a => a.PersonId).Union(here.Keys).Where(names.ContainsKey).ToList();
            SessionAttendee Attendee(int id) => here.TryGetValue(id, out var r)
                ? new(id, names[id], r.State, r.CheckedInAt, r.Note)
                : new(id, names[id], null, null, "");
            var all = people.Select(Attendee).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
            // Came: checked in with the code, or entered as attending from the roster (a paper sheet after check-in closed).
            static bool Came(SessionAttendee a) => a.CheckedInAt is not null || a.State is AttendanceState.Present or AttendanceState.Late or AttendanceState.LeftEarly;
            return new TodaySession(s.Id, s.StartTime, s.EndTime, s.Topic, s.Venue, s.ClosedAt is not null, s.HasLiveRoom,
                all.Where(Came).OrderBy(a => a.CheckedInAt ?? DateTimeOffset.MaxValue).ToList(),
                all.Where(a => a.State == AttendanceState.Excused).ToList(),
                all.Where(a => !Came(a) && a.State != AttendanceState.Excused).ToList());
        }).ToList();
        var nextDay = sessions.Where(s => s.Date > today).Select(s => (DateOnly?)s.Date).Min();

        var standings = await leave.StandingsAsync(trainingClass.Id, cancellationToken);
        var requests = await LeaveLinesAsync(trainingClass.Id, null, sessions, cancellationToken);
        var classGroups = await GroupsAsync(trainingClass.Id, cancellationToken);
        var groupOf = classGroups.SelectMany(g => g.Members.Select(m => (m.PersonId, Group: g))).ToDictionary(x => x.PersonId, x => x.Group);
        var roster = admitted.OrderBy(a => a.Organization, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal)
            .Select(a => new RosterLine(a.PersonId, a.Name, a.Organization, a.Mobile, standings[a.PersonId], groupOf.GetValueOrDefault(a.PersonId)?.Name,
                groupOf.GetValueOrDefault(a.PersonId)?.LeaderPersonId == a.PersonId))
            .ToList();
        return new RunPage(trainingClass, await HeadTeacherNameAsync(trainingClass), today, todaySessions, nextDay,
            requests.Where(r => r.State == LeaveState.Pending).OrderBy(r => r.RequestedAt).ToList(),
            requests.Where(r => r.State != LeaveState.Pending).OrderByDescending(r => r.DecidedAt).ToList(),
            roster, await NoticesAsync(trainingClass.Id, cancellationToken), classGroups, form, mayPlan);
    }

    /// <summary>The trainee's part of their class page; null when the user neither stands in the class admitted nor runs it.</summary>
    public async Task<ClassLifeView?> LifeAsync(TrainingClass trainingClass, int? personId, bool runs, string? leaveReason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        var admitted = personId is { } id && await db.ClassEnrolments.AnyAsync(e => e.ClassId == trainingClass.Id && e.PersonId == id
            && e.Status == EnrolmentStatus.Admitted, cancellationToken);
        if (!admitted && !runs)
        {
            return null;
        }

        var headTeacher = await HeadTeacherNameAsync(trainingClass);
        if (!admitted)
        {
            return new ClassLifeView(trainingClass.Id, false, runs, headTeacher, null, [], [], [], null, null);
        }

        var person = personId!.Value;
        var sessions = await SessionsAsync(trainingClass, cancellationToken);
        var requests = await LeaveLinesAsync(trainingClass.Id, person, sessions, cancellationToken);
        var held = await db.LeaveRequests.AsNoTracking().Where(r => r.ClassId == trainingClass.Id && r.PersonId == person
                && (r.State == LeaveState.Pending || r.State == LeaveState.Approved))
            .SelectMany(r => r.Sessions.Select(s => s.SessionId)).ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        var choices = sessions.Where(s => s.ClosedAt is null && clock.Start(s) > now && !held.Contains(s.Id))
            .Select(s => new LeaveChoice(s.Id, ClassRunNotices.Describe(s), s.CreditHours)).ToList();
        var group = (await GroupsAsync(trainingClass.Id, cancellationToken)).FirstOrDefault(g => g.Members.Any(m => m.PersonId == person));
        // A class without sessions yet is still being planned: leave stays on offer until its last day.
        var leaveOpen = sessions.Count == 0 ? clock.Today <= trainingClass.EndsOn : sessions.Any(s => clock.End(s) > now);
        return new ClassLifeView(trainingClass.Id, true, runs, headTeacher, await leave.StandingAsync(trainingClass.Id, person, cancellationToken), choices,
            requests.OrderByDescending(r => r.RequestedAt).ToList(), await NoticesAsync(trainingClass.Id, cancellationToken), group, leaveReason, leaveOpen);
    }

    public async Task<string?> HeadTeacherNameAsync(TrainingClass trainingClass)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        return trainingClass.HeadTeacherUserId is { } id && await users.FindByIdAsync(id) is { } user
            ? (user.DisplayName.Length > 0 ? user.DisplayName : user.UserName)
            : null;
    }

    private async Task<List<LectureHallSession>> SessionsAsync(TrainingClass trainingClass, CancellationToken cancellationToken) =>
        (await db.LectureHallSessions.AsNoTracking().Where(s => s.SeriesId == trainingClass.SeriesId).ToListAsync(cancellationToken))
        .OrderBy(s => s.Date).ThenBy(s => s.StartTime).ToList();

    /// <summary>The class's leave requests (one person's when given), each with the standing of its trainee and whether approving it would go over 1/7.</summary>
    private async Task<List<LeaveLine>> LeaveLinesAsync(int classId, int? personId, List<LectureHallSession> sessions, CancellationToken cancellationToken)
    {
        var query = db.LeaveRequests.AsNoTracking().Include(r => r.Sessions).Where(r => r.ClassId == classId);
        if (personId is { } id)
        {
            query = query.Where(r => r.PersonId == id);
        }

        var requests = await query.Select(r => new { Request = r, r.Person!.Name, Organization = r.Person.Organization!.Name }).ToListAsync(cancellationToken);
        var bySession = sessions.ToDictionary(s => s.Id);
        var standings = new Dictionary<int, LeaveStanding>();
        var lines = new List<LeaveLine>();
        foreach (var x in requests)
        {
            var r = x.Request;
            if (!standings.TryGetValue(r.PersonId, out var standing))
            {
                standing = standings[r.PersonId] = await leave.StandingAsync(classId, r.PersonId, cancellationToken);
            }

            var mine = r.Sessions.Select(s => bySession.GetValueOrDefault(s.SessionId)).OfType<LectureHallSession>()
                .OrderBy(s => s.Date).ThenBy(s => s.StartTime).ToList();
            var added = r.State == LeaveState.Pending ? await leave.HoursAddedAsync(r, cancellationToken) : 0;
            lines.Add(new LeaveLine(r.Id, r.PersonId, x.Name, x.Organization, r.Reason, r.State, r.RequestedAt, mine.Select(ClassRunNotices.Describe).ToList(),
                mine.Sum(s => s.CreditHours), r.Comment, r.DecidedAt, standing, r.State == LeaveState.Pending && standing.WouldExceedWith(added)));
        }

        return lines;
    }

    private async Task<List<NoticeView>> NoticesAsync(int classId, CancellationToken cancellationToken) =>
        (await notices.ListAsync(classId, cancellationToken))
        .Select(n => new NoticeView(n.Id, n.Title, MarkdownNotes.ToHtml(n.Body, t["Markdown.Unreadable"]), n.PostedByName, n.PostedAt)).ToList();

    private async Task<List<GroupView>> GroupsAsync(int classId, CancellationToken cancellationToken) =>
        (await groups.ListAsync(classId, cancellationToken))
        .Select(g => new GroupView(g.Id, g.Name, g.LeaderPersonId,
            g.Members.Select(m => (m.PersonId, m.Person?.Name ?? "")).OrderBy(m => m.Item2, StringComparer.Ordinal).ToList())).ToList();
}
