using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Media.Live;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>Media's live video asks the lecture hall: which lectures still run, and where a recording goes.</summary>
internal sealed class LectureHallLiveSessions(CoursesDbContext db, LiveReplays replays) : ILiveSessions
{
    public async Task<string?> RunningKeyAsync(int sessionId, CancellationToken cancellationToken)
    {
        var session = await db.LectureHallSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new
            {
                StreamKey = db.LiveBroadcasts.Where(b => b.SessionId == s.Id).Select(b => b.StreamKey).FirstOrDefault(), s.ClosedAt, s.HasLiveRoom,
            }).SingleOrDefaultAsync(cancellationToken);
        return session is { StreamKey: { } key, ClosedAt: null, HasLiveRoom: true } ? key : null;
    }

    public Task<int> ReplayLessonAsync(int sessionId, CancellationToken cancellationToken) => replays.LessonForAsync(sessionId, cancellationToken);

    public Task ReplayRecordedAsync(int sessionId, TimeSpan length, CancellationToken cancellationToken) => replays.RecordedAsync(sessionId, length, cancellationToken);
}
