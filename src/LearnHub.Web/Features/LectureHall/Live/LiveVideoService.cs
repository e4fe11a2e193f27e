using System.Security.Claims;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Media.Live;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>What the console shows about the session's video; Port is null when every RTMP port is taken.</summary>
public sealed record LiveVideoPanel(int SessionId, string Key, int? Port);

/// <summary>What an ended broadcast's players say about its replay.</summary>
public enum LiveReplayProgress
{
    None,
    Preparing,
    AwaitingReview,
    Published,
}

/// <summary>
/// The live video of sessions as pages and the hub see it: stream keys kept on the session's broadcast, the ingest
/// opened when staff open the console, and the recording handed to the replay import when the lecture ends.
/// </summary>
public sealed class LiveVideoService(CoursesDbContext db, LiveIngest ingest, LiveRoomRegistry rooms, LiveReplays replays, ProgrammeClock clock,
    IServiceScopeFactory scopes,
    ILogger<LiveVideoService> logger)
{
    /// <summary>Who may watch a room's video: the same people the live room hub lets in.</summary>
    public static async Task<bool> MayWatchAsync(IAuthorizationService authorization, ClaimsPrincipal user, LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(CurrentScope.PersonClaim) is not null || await authorization.IsSessionStaffAsync(user, session);
    }

    public Task<LectureHallSession?> FindAsync(int sessionId, CancellationToken cancellationToken) =>
        db.LectureHallSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.HasLiveRoom, cancellationToken);

    /// <summary>
    /// Whether the session's broadcast is over: its room was ended, or no video is open and either the broadcast
    /// was ended here or the session's time is past. Players and the camera stop then, instead of waiting for a
    /// stream that will not come back; a lecture running over its time keeps its open video.
    /// </summary>
    public async Task<bool> EndedAsync(LectureHallSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await rooms.CatchUpAsync(session.Id, cancellationToken);
        if (rooms.Current(session.Id) is { Phase: LiveRoomPhase.Ended })
        {
            return true;
        }

        return !ingest.IsOpen(session.Id) && (ingest.HasEnded(session.Id) || clock.End(session) <= clock.UtcNow);
    }

    /// <summary>
    /// Where an ended broadcast's replay stands for this viewer: only staff hear that it waits for review,
    /// everyone else that it is being prepared until it is published.
    /// </summary>
    public async Task<LiveReplayProgress> ReplayAsync(int sessionId, bool staff, CancellationToken cancellationToken)
    {
        var states = await replays.StatesAsync([sessionId], cancellationToken);
        return states.GetValueOrDefault(sessionId) switch
        {
            ReplayState.Published => LiveReplayProgress.Published,
            ReplayState.AwaitingReview => staff ? LiveReplayProgress.AwaitingReview : LiveReplayProgress.Preparing,
            _ => LiveIngest.RecordingParts(ingest.Options, sessionId).Count > 0 ? LiveReplayProgress.Preparing : LiveReplayProgress.None,
        };
    }

    /// <summary>Gives the session a stream key when it has none and makes sure its RTMP listener runs.</summary>
    /// <param name="ownerId">Who opens the broadcast: the replay's asset is theirs unless someone else ends the lecture.</param>
    public async Task<LiveVideoPanel> OpenAsync(int sessionId, string ownerId, CancellationToken cancellationToken)
    {
        var broadcast = await db.LiveBroadcasts.PrepareAsync(sessionId, cancellationToken);
        if (broadcast.StreamKey is not { } key)
        {
            key = LiveIngest.NewKey();
            broadcast.IssueKey(key);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (db.Entry(broadcast).State == EntityState.Added)
            {
                // Someone else opened the console at the same moment and prepared the broadcast first: theirs is the one.
                db.Entry(broadcast).State = EntityState.Detached;
                if (!await db.LiveBroadcasts.AsNoTracking().AnyAsync(b => b.SessionId == sessionId, cancellationToken))
                {
                    throw;
                }

                return await OpenAsync(sessionId, ownerId, cancellationToken);
            }
        }

        return new LiveVideoPanel(sessionId, key, await ingest.OpenAsync(sessionId, key, ownerId));
    }

    /// <summary>A new key; the old one is refused from now on and whoever publishes with it is cut off.</summary>
    public async Task<LiveVideoPanel> RegenerateKeyAsync(int sessionId, string ownerId, CancellationToken cancellationToken)
    {
        var broadcast = await db.LiveBroadcasts.PrepareAsync(sessionId, cancellationToken);
        var key = LiveIngest.NewKey();
        broadcast.RotateKey(key);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Stream key of session {Session} regenerated.", sessionId);
        return new LiveVideoPanel(sessionId, key, await ingest.OpenAsync(sessionId, key, ownerId));
    }

    /// <summary>
    /// The lecture ended: the video stops and its key is retired (a reused key is refused), and the
    /// recording is imported in the background, since a long recording takes a while to copy. What is
    /// left undone by a restart is finished by <see cref="LiveVideoResume"/>.
    /// </summary>
    public async Task EndAsync(int sessionId, string ownerId)
    {
        await ingest.CloseAsync(sessionId, ownerId);
        await db.LiveBroadcasts.Where(b => b.SessionId == sessionId).ExecuteUpdateAsync(u => u.SetProperty(b => b.StreamKey, (string?)null));
        _ = Task.Run(() => LiveRecordings.FinishInBackgroundAsync(scopes, sessionId, logger));
    }
}
