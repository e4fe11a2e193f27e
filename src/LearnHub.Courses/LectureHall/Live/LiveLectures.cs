using LearnHub.Courses.Attention;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Compliance.Ledger;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Live;

/// <summary>A row of the lecturer's attendance list.</summary>
/// <param name="Final">False while the lecture runs: the state is what the minutes so far would give, not yet a judgement.</param>
public sealed record LiveAttendanceRow(int PersonId, string Name, int Minutes, decimal Share, LiveAttendanceState State, bool Online, decimal CreditedHours,
    int MissedChecks = 0, bool Final = true);

/// <summary>
/// Presence and attendance of live lectures: records each connection's join and leave, and at the
/// end of a lecture turns them into attendance and ledger credits.
/// </summary>
public sealed class LiveLectures(CoursesDbContext db, TrainingLedger ledger, ProgrammeClock clock)
{
    public AttendancePolicy Policy { get; init; } = AttendancePolicy.Default;

    private (DateTimeOffset Start, DateTimeOffset End) Window(LectureHallSession session) => (clock.Start(session), clock.End(session));

    public Task<LectureHallSession?> FindSessionAsync(int sessionId, CancellationToken cancellationToken = default) =>
        db.LectureHallSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.HasLiveRoom, cancellationToken);

    public async Task OpenAsync(int sessionId, int personId, string connectionId, CancellationToken cancellationToken = default)
    {
        db.Add(new LivePresence { SessionId = sessionId, PersonId = personId, ConnectionId = connectionId, JoinedAt = clock.UtcNow });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Closes a connection's open presence; a no-op when it was already closed.</summary>
    public async Task CloseAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var open = await db.Set<LivePresence>().Where(p => p.ConnectionId == connectionId && p.LeftAt == null).ToListAsync(cancellationToken);
        foreach (var presence in open)
        {
            presence.LeftAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Closes every open presence of a session. At start-up this also closes the ends a crashed
    /// process left open, at the time the server came back rather than never. A connection prefix
    /// limits it to one node's connections when several nodes share the database.
    /// </summary>
    public async Task CloseAllAsync(int? sessionId = null, string? connectionPrefix = null, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var open = await db.Set<LivePresence>()
            .Where(p => p.LeftAt == null && (sessionId == null || p.SessionId == sessionId)
                && (connectionPrefix == null || p.ConnectionId.StartsWith(connectionPrefix)))
            .ToListAsync(cancellationToken);
        foreach (var presence in open)
        {
            presence.LeftAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Trainees online in a session on every node, each counted once however many tabs they have open.</summary>
    public Task<int> AudienceAsync(int sessionId, CancellationToken cancellationToken = default) =>
        db.Set<LivePresence>().Where(p => p.SessionId == sessionId && p.LeftAt == null).Select(p => p.PersonId).Distinct().CountAsync(cancellationToken);

    /// <summary>The attendance list: stored rows once the lecture has ended, else computed from presence so far.</summary>
    public async Task<IReadOnlyList<LiveAttendanceRow>> AttendanceAsync(int sessionId, CancellationToken cancellationToken = default)
    {
        var session = await db.LectureHallSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, cancellationToken);
        var presences = await db.Set<LivePresence>().AsNoTracking().Where(p => p.SessionId == sessionId).ToListAsync(cancellationToken);
        var online = presences.Where(p => p.LeftAt == null).Select(p => p.PersonId).ToHashSet();
        var stored = await db.Set<LiveAttendance>().AsNoTracking().Where(a => a.SessionId == sessionId).ToListAsync(cancellationToken);
        var personIds = presences.Select(p => p.PersonId).Concat(stored.Select(a => a.PersonId)).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        if (stored.Count > 0)
        {
            return stored.Select(a => new LiveAttendanceRow(a.PersonId, names.GetValueOrDefault(a.PersonId, ""), a.Minutes, a.Share, a.State, online.Contains(a.PersonId), a.CreditedHours, a.MissedChecks))
                .OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        }

        var (start, end) = Window(session);
        var now = clock.UtcNow;
        var results = Evaluate(presences, await ChecksAsync(sessionId, cancellationToken), start, end, now);
        return results.Select(r => new LiveAttendanceRow(r.Key, names.GetValueOrDefault(r.Key, ""), r.Value.Minutes, r.Value.Share, r.Value.State, online.Contains(r.Key), 0m,
                r.Value.MissedChecks, Final: false))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Ends the lecture: closes open presence, stores each person's attendance and credits the
    /// ledger for those who attended the required share. Safe to repeat: rows are replaced and the
    /// ledger's credit key makes the credit once-only.
    /// </summary>
    public async Task<IReadOnlyList<LiveAttendanceRow>> EndAsync(int sessionId, string recordedBy, CancellationToken cancellationToken = default)
    {
        await CloseAllAsync(sessionId, cancellationToken: cancellationToken);
        var session = await db.LectureHallSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, cancellationToken);
        var (start, end) = Window(session);
        var now = clock.UtcNow;
        var presences = await db.Set<LivePresence>().AsNoTracking().Where(p => p.SessionId == sessionId).ToListAsync(cancellationToken);
        var existing = await db.Set<LiveAttendance>().Where(a => a.SessionId == sessionId).ToDictionaryAsync(a => a.PersonId, cancellationToken);
        var hours = AttendancePolicy.CreditHours(start, end);
        var results = Evaluate(presences, await ChecksAsync(sessionId, cancellationToken), start, end, now);
        // Someone already credited for this session in the room is not credited again for watching it live.
        var reference = LedgerReference.ForSession(sessionId).Value;
        var creditedInRoom = await ledger.HoldersOfAsync(reference, LiveKey(sessionId), results.Keys.ToList(), cancellationToken);
        foreach (var (personId, result) in results)
        {
            if (!existing.TryGetValue(personId, out var row))
            {
                row = new LiveAttendance { SessionId = sessionId, PersonId = personId };
                db.Add(row);
            }

            row.Minutes = result.Minutes;
            row.Share = result.Share;
            row.State = result.State;
            row.FirstJoined = result.FirstJoined;
            row.LastLeft = result.LastLeft;
            row.MissedChecks = result.MissedChecks;
            row.ComputedAt = now;
            row.CreditedHours = result.EarnsCredit && hours > 0 && !creditedInRoom.Contains(personId) ? hours : 0m;
        }

        await db.SaveChangesAsync(cancellationToken);
        // Thousands attend a live lecture: one batch, not a round trip per person.
        await ledger.CreditManyAsync(results.Where(r => r.Value.EarnsCredit && hours > 0 && !creditedInRoom.Contains(r.Key))
            .Select(r => new LedgerCredit(r.Key, session.Date, hours, LedgerSource.LiveLecture, Centralized: true,
                Reference: reference, CreditKey: LiveKey(sessionId), Note: session.Topic, RecordedBy: recordedBy))
            .ToList(), cancellationToken: cancellationToken);

        return await AttendanceAsync(sessionId, cancellationToken);
    }

    /// <summary>
    /// Puts attention check <paramref name="number"/> to everyone present: anyone with a connection
    /// open, or one closed within the reconnect grace (their presence is bridged, so they must answer
    /// too, and get the check when they are back). Returns how many were asked.
    /// </summary>
    public async Task<int> IssueAttentionCheckAsync(int sessionId, int number, DateTimeOffset issuedAt, DateTimeOffset deadline, CancellationToken cancellationToken = default)
    {
        // SQLite cannot compare DateTimeOffset in SQL: recent leaves are filtered here, among the session's rows.
        var since = issuedAt - Policy.ReconnectGrace;
        var people = (await db.Set<LivePresence>().AsNoTracking().Where(p => p.SessionId == sessionId)
                .Select(p => new { p.PersonId, p.LeftAt }).ToListAsync(cancellationToken))
            .Where(p => p.LeftAt is null || p.LeftAt >= since).Select(p => p.PersonId).Distinct().ToList();
        var asked = await db.Set<LiveAttentionCheck>().Where(c => c.SessionId == sessionId && c.Number == number)
            .Select(c => c.PersonId).ToListAsync(cancellationToken);
        foreach (var personId in people.Except(asked))
        {
            db.Add(new LiveAttentionCheck
            {
                SessionId = sessionId, Number = number, PersonId = personId, IssuedAt = issuedAt, Deadline = deadline, Code = AttentionCode.New(),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return people.Count;
    }

    /// <summary>
    /// Records a person's answer to attention check <paramref name="number"/>: the code their picture
    /// shows. Only the session's latest check can be answered, and only by someone it was put to;
    /// answering twice (another tab) keeps the first answer. A late answer is taken: it does not undo
    /// the miss but resumes the counting. After <see cref="AttentionCode.DefaultMaxWrongAnswers"/> wrong
    /// codes the check takes no more answers and stays missed.
    /// </summary>
    public async Task<LiveAttentionAnswer> AnswerAttentionCheckAsync(int sessionId, int personId, int number, string? code,
        CancellationToken cancellationToken = default)
    {
        if (await LatestAttentionCheckAsync(sessionId, cancellationToken) != number)
        {
            return LiveAttentionAnswer.Unknown;
        }

        var check = await db.Set<LiveAttentionCheck>()
            .SingleOrDefaultAsync(c => c.SessionId == sessionId && c.PersonId == personId && c.Number == number, cancellationToken);
        if (check is null || (check.AnsweredAt is null && check.WrongAnswers >= AttentionCode.DefaultMaxWrongAnswers))
        {
            return check is null ? LiveAttentionAnswer.Unknown : LiveAttentionAnswer.Missed;
        }

        if (check.AnsweredAt is not null)
        {
            return LiveAttentionAnswer.Accepted;
        }

        if (!AttentionCode.Matches(check.Code, code))
        {
            check.WrongAnswers++;
            await db.SaveChangesAsync(cancellationToken);
            var left = AttentionCode.DefaultMaxWrongAnswers - check.WrongAnswers;
            return left > 0 ? LiveAttentionAnswer.Wrong(left) : LiveAttentionAnswer.Missed;
        }

        check.AnsweredAt = clock.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return LiveAttentionAnswer.Accepted;
    }

    /// <summary>The number of the session's latest attention check, 0 before the first.</summary>
    public async Task<int> LatestAttentionCheckAsync(int sessionId, CancellationToken cancellationToken = default) =>
        await db.Set<LiveAttentionCheck>().Where(c => c.SessionId == sessionId).MaxAsync(c => (int?)c.Number, cancellationToken) ?? 0;

    /// <summary>The check a person still has to answer, if the room's latest one was put to them and is unanswered.</summary>
    public Task<LiveAttentionCheck?> PendingAttentionCheckAsync(int sessionId, int personId, int number, CancellationToken cancellationToken = default) =>
        db.Set<LiveAttentionCheck>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.SessionId == sessionId && c.PersonId == personId && c.Number == number && c.AnsweredAt == null, cancellationToken);

    private static string LiveKey(int sessionId) => LedgerReference.ForLive(sessionId).Value;

    private async Task<ILookup<int, AttentionCheckRecord>> ChecksAsync(int sessionId, CancellationToken cancellationToken) =>
        (await db.Set<LiveAttentionCheck>().AsNoTracking().Where(c => c.SessionId == sessionId).ToListAsync(cancellationToken))
            .ToLookup(c => c.PersonId, c => new AttentionCheckRecord(c.IssuedAt, c.Deadline, c.AnsweredAt));

    private Dictionary<int, LiveAttendanceResult> Evaluate(IEnumerable<LivePresence> presences, ILookup<int, AttentionCheckRecord> checks, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now) =>
        presences.GroupBy(p => p.PersonId).ToDictionary(
            g => g.Key,
            g => Policy.Evaluate(g.Select(p => new PresenceSpan(p.JoinedAt, p.LeftAt ?? now)), start, end, checks[g.Key]));
}

/// <summary>What came of a typed attention-check code in the live room.</summary>
public sealed record LiveAttentionAnswer(bool Taken, bool IsMissed, int AttemptsLeft)
{
    /// <summary>Not the room's latest check, or not put to this person.</summary>
    public static LiveAttentionAnswer Unknown { get; } = new(false, false, 0);

    public static LiveAttentionAnswer Accepted { get; } = new(true, false, 0);

    public static LiveAttentionAnswer Wrong(int attemptsLeft) => new(false, false, attemptsLeft);

    /// <summary>Too many wrong codes: the check takes no more answers.</summary>
    public static LiveAttentionAnswer Missed { get; } = new(false, true, 0);
}
