using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Courses.LectureHall.Sessions;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>
/// Credits a multi-day class as a whole (结业) once every session of it is closed: a trainee on any of its rosters whose
/// <see cref="ClassStanding"/> completes it — attendance within the 1/7 leave rule, the closing quiz passed and the
/// reflection accepted where the class asks for them — is credited the hours attended, once, as one centralized
/// training under "class:{seriesId}"; a credit that a later correction or grade takes away is reversed. Keys: the
/// reference itself, then "class:{seriesId}#n" for a credit after a reversal. It runs when a session closes, when
/// attendance is corrected, when a reflection is graded and when the closing quiz is passed, so whichever comes last
/// completes the class. Whoever is credited is issued the class's certificate at once (when the host offers
/// <see cref="ClassCertificates"/>), so its serial verifies and "my hours" lists it before anyone downloads it.
/// </summary>
public sealed class ClassSettlement(CoursesDbContext db, Roster roster, ClassStandings standings, TrainingLedger ledger,
    ClassCertificates? certificates = null)
{
    /// <summary>Returns how many were credited now; nothing while a session of the class is still open.</summary>
    public async Task<int> SettleAsync(int seriesId, string note, string by, CancellationToken cancellationToken = default)
    {
        var sessions = await db.LectureHallSessions.Include(s => s.TargetOrganizations).AsNoTracking()
            .Where(s => s.SeriesId == seriesId).ToListAsync(cancellationToken);
        if (sessions.Count == 0 || sessions.Any(s => s.ClosedAt is null))
        {
            return 0;
        }

        // Credits and reversals land together; a caller closing or correcting attendance already holds the transaction.
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var ids = sessions.Select(s => s.Id).ToList();
        var people = (await db.AttendanceRecords.AsNoTracking().Where(a => ids.Contains(a.SessionId)).Select(a => a.PersonId).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var session in sessions)
        {
            people.UnionWith(await roster.Members(session).Select(p => p.Id).ToListAsync(cancellationToken));
        }

        var classReference = LedgerReference.ForClass(seriesId);
        var reference = classReference.Value;
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.Reference == reference).ToListAsync(cancellationToken);
        var reversed = entries.Where(e => e.ReversesEntryId != null).Select(e => e.ReversesEntryId!.Value).ToHashSet();
        var lastDay = sessions.Max(s => s.Date);
        var credits = new List<LedgerCredit>();
        foreach (var standing in await standings.OfSeriesAsync(seriesId, people, cancellationToken))
        {
            var earlier = entries.Where(e => e.PersonId == standing.PersonId && e.ReversesEntryId == null).ToList();
            var active = earlier.FirstOrDefault(e => !reversed.Contains(e.Id));
            if (standing.Completes && active is null && standing.Attendance.AttendedHours > 0)
            {
                var key = earlier.Count == 0 ? reference : classReference.Again(earlier.Count + 1).Value;
                credits.Add(new(standing.PersonId, lastDay, standing.Attendance.AttendedHours, LedgerSource.InPersonAttendance, Centralized: true,
                    Reference: reference, CreditKey: key, Note: Clip(note), RecordedBy: by));
            }
            else if (!standing.Completes && active is not null)
            {
                await ledger.ReverseAsync(active.Id, Clip(note), by, cancellationToken);
            }
        }

        var made = await ledger.CreditManyAsync(credits, cancellationToken: cancellationToken);
        await IssueCertificatesAsync(seriesId, made.OfType<LedgerEntry>().Select(e => e.PersonId), cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return made.Count(e => e is not null);
    }

    /// <summary>Settles every class whose closing quiz this is: a pass after the sessions closed completes the class now.</summary>
    public async Task<int> SettleForQuizAsync(int quizId, string by, CancellationToken cancellationToken = default)
    {
        var classes = await db.ClassItems.AsNoTracking().Where(i => i.Kind == ClassItemKind.ClosingQuiz && i.QuizId == quizId)
            .Join(db.TrainingClasses, i => i.ClassId, c => c.Id, (i, c) => new { c.SeriesId, c.Title }).Distinct().ToListAsync(cancellationToken);
        var credited = 0;
        foreach (var c in classes)
        {
            credited += await SettleAsync(c.SeriesId, c.Title, by, cancellationToken);
        }

        return credited;
    }

    /// <summary>
    /// Issues the certificates of those just credited. Issuing is idempotent and keeps today's rules: one standing
    /// certificate per person, none again after an organizer revoked it, a reversed credit revokes it on the next read.
    /// </summary>
    private async Task IssueCertificatesAsync(int seriesId, IEnumerable<int> credited, CancellationToken cancellationToken)
    {
        if (certificates is null)
        {
            return;
        }

        var people = credited.ToList();
        var classId = people.Count == 0 ? null
            : await db.TrainingClasses.Where(c => c.SeriesId == seriesId).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (classId is null)
        {
            return;
        }

        foreach (var personId in people)
        {
            await certificates.IssueAsync(classId.Value, personId, cancellationToken);
        }
    }

    private static string Clip(string text) => text.Length <= FieldLimits.Title ? text : text[..FieldLimits.Title];
}
