using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearnHub.Courses.LectureHall.Attendance;

/// <summary>
/// Gives the demo's past sessions the attendance a real series would have: most of the audience
/// present, a few late, leaving early, absent or excused, then closes them so the ledger holds the credits.
/// A session under way has its first arrivals checked in, so the venue screen has a list to show.
/// </summary>
public sealed class DemoAttendance(CoursesDbContext db, TrainingLedger ledger, ProgrammeClock clock, IOptions<CheckInOptions> options)
{
    private static readonly string[] ExcuseReasons = ["因公出差，已提交书面请假", "参加上级主管单位会议", "身体原因请假", "单位年检材料报送"];

    /// <param name="visitors">The demo accounts' people: present at the held sessions they were expected at, so their visitor can
    /// answer a survey, and not yet checked in to a session under way, so their visitor can check in.</param>
    /// <param name="absent">Session id → people who missed it.</param>
    public async Task RecordAsync(IReadOnlySet<int> visitors, ILookup<int, int> absent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visitors);
        ArgumentNullException.ThrowIfNull(absent);
        var now = clock.UtcNow;
        var sessions = await db.LectureHallSessions.Include(s => s.TargetOrganizations).AsNoTracking().OrderBy(s => s.Date).ToListAsync(cancellationToken);
        foreach (var session in sessions.Where(s => clock.End(s) < now && s.ClosedAt is null))
        {
            await HeldAsync(session, visitors, absent[session.Id].ToHashSet(), cancellationToken);
        }

        foreach (var session in sessions.Where(s => clock.Start(s) <= now && now <= clock.End(s)))
        {
            await UnderWayAsync(session, now, visitors, cancellationToken);
        }
    }

    private async Task HeldAsync(LectureHallSession session, IReadOnlySet<int> visitors, HashSet<int> absent, CancellationToken cancellationToken)
    {
        // Seeded by the session so every demo start tells the same story.
        var random = new Random(session.Id * 7919);
        var records = new List<AttendanceRecord>();
        var members = await Roster.Audience(db.People, session).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        var start = clock.Start(session);
        foreach (var personId in members.Take(session.Capacity))
        {
            var roll = random.Next(100);
            var record = new AttendanceRecord { SessionId = session.Id, PersonId = personId };
            (record.State, record.CheckedInAt, record.CheckedOutAt, record.Note) = roll switch
            {
                < 84 => (AttendanceState.Present, start.AddMinutes(-random.Next(5, 40)), null, ""),
                < 91 => (AttendanceState.Late, start.AddMinutes(random.Next(16, 45)), null, ""),
                < 94 => (AttendanceState.LeftEarly, start.AddMinutes(-random.Next(5, 30)), start.AddMinutes(random.Next(40, 100)), ""),
                < 97 => (AttendanceState.Excused, null, null, ExcuseReasons[random.Next(ExcuseReasons.Length)]),
                _ => (AttendanceState.Absent, (DateTimeOffset?)null, (DateTimeOffset?)null, ""),
            };
            if (visitors.Contains(personId))
            {
                (record.State, record.CheckedInAt, record.CheckedOutAt, record.Note) = (AttendanceState.Present, start.AddMinutes(-12), null, "");
            }
            else if (absent.Contains(personId))
            {
                (record.State, record.CheckedInAt, record.CheckedOutAt, record.Note) = (AttendanceState.Absent, null, null, "");
            }

            records.Add(record);
        }

        // Credited in one batch, as AttendanceBook.CloseAsync does, recorded when the session would have been closed.
        var closedAt = clock.End(session).AddHours(1);
        db.AttendanceRecords.AddRange(records);
        var tracked = await db.LectureHallSessions.SingleAsync(s => s.Id == session.Id, cancellationToken);
        tracked.ClosedAt = closedAt;
        var earning = records.Where(r => AttendanceRecord.Earns(r.State)).ToList();
        var entries = await ledger.CreditManyAsync(earning.Select(r => new LedgerCredit(
            r.PersonId, session.Date, session.CreditHours, LedgerSource.InPersonAttendance, Centralized: true,
            Reference: LedgerReference.ForSession(session.Id).Value, CreditKey: LedgerReference.ForSession(session.Id).Value, Note: session.Topic, RecordedBy: TrainingLedger.System)).ToList(),
            closedAt, cancellationToken);
        foreach (var (record, entry) in earning.Zip(entries))
        {
            record.CreditEntryId = entry?.Id;
            record.EverCredited = entry is not null;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>About a third of the audience has checked in, between an hour before the start (when check-in opens) and now.</summary>
    private async Task UnderWayAsync(LectureHallSession session, DateTimeOffset now, IReadOnlySet<int> leaveOut, CancellationToken cancellationToken)
    {
        var random = new Random(session.Id * 7919);
        var members = await Roster.Audience(db.People, session).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        var start = clock.Start(session);
        var opened = start.AddMinutes(-options.Value.OpensBeforeMinutes);
        var window = Math.Max(1, (int)(now - opened).TotalSeconds);
        foreach (var personId in members.Take(session.Capacity).Where(id => !leaveOut.Contains(id)).Where(_ => random.Next(100) < 35))
        {
            var at = opened.AddSeconds(random.Next(window));
            db.AttendanceRecords.Add(new AttendanceRecord
            {
                SessionId = session.Id, PersonId = personId, CheckedInAt = at, State = options.Value.StateAt(start, at),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
