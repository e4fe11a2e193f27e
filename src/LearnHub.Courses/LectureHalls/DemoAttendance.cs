using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using System.Globalization;
using LearnHub.Courses.Ledger;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHalls;

/// <summary>
/// Gives the demo's past sessions the attendance a real series would have: most of the audience
/// present, a few late, leaving early, absent or excused, then closes them so the ledger holds the credits.
/// </summary>
public sealed class DemoAttendance(CoursesDbContext db, TrainingLedger ledger, ProgrammeClock clock)
{
    private static readonly string[] ExcuseReasons = ["因公出差，已提交书面请假", "参加上级主管单位会议", "身体原因请假", "单位年检材料报送"];

    public async Task RecordAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var sessions = await db.LectureHallSessions.Include(s => s.TargetOrganizations).AsNoTracking().OrderBy(s => s.Date).ToListAsync(cancellationToken);
        foreach (var session in sessions.Where(s => clock.End(s) < now && s.ClosedAt is null))
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
                Reference: $"session:{session.Id}", CreditKey: $"session:{session.Id}", Note: session.Topic, RecordedBy: TrainingLedger.System)).ToList(),
                closedAt, cancellationToken);
            foreach (var (record, entry) in earning.Zip(entries))
            {
                record.CreditEntryId = entry?.Id;
                record.EverCredited = entry is not null;
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
