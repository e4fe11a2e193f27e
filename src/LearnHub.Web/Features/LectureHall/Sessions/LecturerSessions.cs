using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.LectureHall.Sessions;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Sessions;

/// <summary>
/// The sessions a lecturer gives, oldest first, with who is expected, who came and whether a replay waits for
/// them: one query for "my sessions" and the lecturer's workspace, so both always agree.
/// </summary>
public sealed class LecturerSessions(CoursesDbContext db, Roster roster, SessionListings listings, LiveReplays replays)
{
    public async Task<IReadOnlyList<MySessionRow>> ListAsync(int lecturerId, CancellationToken cancellationToken)
    {
        var sessions = await listings.OfLecturerAsync(lecturerId, cancellationToken);
        var replayStates = await replays.StatesAsync([.. sessions.Select(s => s.Id)], cancellationToken);
        var rows = new List<MySessionRow>();
        foreach (var s in sessions)
        {
            rows.Add(new MySessionRow(s, await roster.Members(s).CountAsync(cancellationToken),
                await db.AttendanceRecords.CountAsync(a => a.SessionId == s.Id && (a.State == AttendanceState.Present || a.State == AttendanceState.Late), cancellationToken),
                replayStates.GetValueOrDefault(s.Id)));
        }

        return rows;
    }
}
