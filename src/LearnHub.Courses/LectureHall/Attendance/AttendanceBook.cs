using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.LectureHall.Classes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearnHub.Courses.LectureHall.Attendance;

public enum CheckInOutcome
{
    CheckedIn,
    AlreadyCheckedIn,
    NotOnRoster,
    CodeExpired,
    CodeForAnotherSession,
    CodeInvalid,
    NotOpen,
    Closed,
}

public sealed record CheckInResult(CheckInOutcome Outcome, AttendanceState? State = null);

public enum CorrectionOutcome
{
    Corrected,
    Unchanged,
    NotOnRoster,
    ReasonRequired,
}

public sealed record SheetImportResult(int Imported, IReadOnlyList<ImportProblem> Problems) : ImportResult(Problems);

/// <summary>
/// Attendance at lecture-hall sessions: check-in and check-out, staff corrections (audited), paper
/// sign-in sheets, and closing a session, which credits present and late attendees in the ledger.
/// </summary>
/// <remarks>
/// Ledger keys: the first credit of a person's attendance uses the once-only key "session:{id}". If a
/// correction takes it away (reversal) and a later correction gives it back, that credit uses
/// "session:{id}#{correctionId}": a new key per correction that credits, so each distinct credit is
/// still once-only (a retried request cannot double it) while a credit, reversal, credit history stays possible.
/// </remarks>
public sealed class AttendanceBook(CoursesDbContext db, Roster roster, CheckInCodes codes, TrainingLedger ledger, ClassSettlement classes, ProgrammeClock clock,
    IOptions<CheckInOptions> options)
{
    private CheckInOptions Options => options.Value;

    public bool IsCheckInOpen(LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = clock.UtcNow;
        return session.ClosedAt is null && now >= clock.Start(session).AddMinutes(-Options.OpensBeforeMinutes) && now <= clock.End(session);
    }

    public async Task<CheckInResult> CheckInAsync(int sessionId, int personId, string? code, CancellationToken cancellationToken = default)
    {
        var session = await roster.LoadAsync(sessionId, cancellationToken) ?? throw new InvalidOperationException("No such session.");
        switch (codes.Check(sessionId, code))
        {
            case CodeCheck.Expired:
                return new(CheckInOutcome.CodeExpired);
            case CodeCheck.Invalid:
                return new(await IsCodeOfAnotherSessionAsync(session, code, cancellationToken) ? CheckInOutcome.CodeForAnotherSession : CheckInOutcome.CodeInvalid);
        }

        if (session.ClosedAt is not null)
        {
            return new(CheckInOutcome.Closed);
        }

        if (!IsCheckInOpen(session))
        {
            return new(CheckInOutcome.NotOpen);
        }

        if (!await roster.IsOnRosterAsync(session, personId, cancellationToken))
        {
            return new(CheckInOutcome.NotOnRoster);
        }

        var existing = await db.AttendanceRecords.SingleOrDefaultAsync(a => a.SessionId == sessionId && a.PersonId == personId, cancellationToken);
        var now = clock.UtcNow;
        if (existing is { State: AttendanceState.Excused, CheckedInAt: null })
        {
            // On approved leave (请假) but came after all: the check-in stands, and the leave is not taken.
            existing.CheckedInAt = now;
            existing.State = Options.StateAt(clock.Start(session), now);
            await db.SaveChangesAsync(cancellationToken);
            return new(CheckInOutcome.CheckedIn, existing.State);
        }

        if (existing is not null)
        {
            return new(CheckInOutcome.AlreadyCheckedIn, existing.State);
        }

        var record = db.AttendanceRecords.Add(new AttendanceRecord
        {
            SessionId = sessionId, PersonId = personId, CheckedInAt = now, State = Options.StateAt(clock.Start(session), now),
        }).Entity;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same phone posted twice at once: the unique (session, person) index kept one record.
            db.Entry(record).State = EntityState.Detached;
            return new(CheckInOutcome.AlreadyCheckedIn);
        }

        return new(CheckInOutcome.CheckedIn, record.State);
    }

    /// <summary>Leaving before the end turns present or late into left early.</summary>
    public async Task<AttendanceRecord?> CheckOutAsync(int sessionId, int personId, CancellationToken cancellationToken = default)
    {
        var session = await db.LectureHallSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, cancellationToken);
        var record = await db.AttendanceRecords.SingleOrDefaultAsync(a => a.SessionId == sessionId && a.PersonId == personId, cancellationToken);
        if (record is null || record.CheckedOutAt is not null || !AttendanceRecord.Earns(record.State) || session.ClosedAt is not null)
        {
            return null;
        }

        var now = clock.UtcNow;
        record.CheckedOutAt = now;
        if (now < clock.End(session))
        {
            record.State = AttendanceState.LeftEarly;
        }

        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>A staff correction; the ledger follows when the session is already closed.</summary>
    public async Task<CorrectionOutcome> CorrectAsync(int sessionId, int personId, AttendanceState to, string? reason, string correctedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(correctedBy);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return CorrectionOutcome.ReasonRequired;
        }

        reason = reason.Trim();
        var session = await roster.LoadAsync(sessionId, cancellationToken) ?? throw new InvalidOperationException("No such session.");
        var record = await db.AttendanceRecords.SingleOrDefaultAsync(a => a.SessionId == sessionId && a.PersonId == personId, cancellationToken);
        if (record is null && !await roster.IsOnRosterAsync(session, personId, cancellationToken))
        {
            return CorrectionOutcome.NotOnRoster;
        }

        if (record?.State == to)
        {
            return CorrectionOutcome.Unchanged;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await CorrectAsyncInTransaction(session, personId, to, Clip(reason), correctedBy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CorrectionOutcome.Corrected;
    }

    /// <summary>
    /// Closes attendance: everyone on the roster who never checked in is absent, and present and late
    /// attendees are credited. Safe to repeat; returns how many were credited now.
    /// </summary>
    public async Task<int> CloseAsync(int sessionId, string closedBy, CancellationToken cancellationToken = default)
    {
        var session = await roster.LoadAsync(sessionId, cancellationToken) ?? throw new InvalidOperationException("No such session.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var marked = await db.AttendanceRecords.Where(a => a.SessionId == sessionId).Select(a => a.PersonId).ToListAsync(cancellationToken);
        var unmarked = await roster.Members(session).Select(p => p.Id).Where(id => !marked.Contains(id)).ToListAsync(cancellationToken);
        db.AttendanceRecords.AddRange(unmarked.Select(id => new AttendanceRecord { SessionId = sessionId, PersonId = id, State = AttendanceState.Absent }));
        session.ClosedAt ??= clock.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        if (session.Series?.IsClass == true)
        {
            // A class is credited as a whole once its last session closes, when its trainees complete it (ClassSettlement).
            var classCredited = await classes.SettleAsync(session.SeriesId, session.Series.Title, closedBy, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return classCredited;
        }

        var credited = 0;
        var records = await db.AttendanceRecords.Where(a => a.SessionId == sessionId && a.CreditEntryId == null
            && (a.State == AttendanceState.Present || a.State == AttendanceState.Late)).ToListAsync(cancellationToken);
        // First credits go to the ledger in one batch; a record credited before (and since reversed) is settled on its own.
        var first = session.CreditHours > 0 ? records.Where(r => !r.EverCredited).ToList() : [];
        // Someone already credited for this session through its live broadcast is not credited twice.
        var creditedLive = await ledger.HoldersOfAsync(SessionKey(session), SessionKey(session), first.Select(r => r.PersonId).ToList(), cancellationToken);
        first = first.Where(r => !creditedLive.Contains(r.PersonId)).ToList();
        var entries = await ledger.CreditManyAsync(first.Select(r => SessionCredit(session, r.PersonId, SessionKey(session), closedBy)).ToList(),
            cancellationToken: cancellationToken);
        foreach (var (record, entry) in first.Zip(entries))
        {
            record.CreditEntryId = entry?.Id;
            record.EverCredited = entry is not null;
            credited += entry is null ? 0 : 1;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var record in records.Where(r => r.EverCredited && r.CreditEntryId is null))
        {
            credited += await SettleAsync(session, record, null, session.Topic, closedBy, cancellationToken) ? 1 : 0;
        }

        await transaction.CommitAsync(cancellationToken);
        return credited;
    }

    private static string SessionKey(LectureHallSession session) => LedgerReference.ForSession(session.Id).Value;

    private static LedgerCredit SessionCredit(LectureHallSession session, int personId, string key, string by) =>
        new(personId, session.Date, session.CreditHours, LedgerSource.InPersonAttendance, Centralized: true,
            Reference: SessionKey(session), CreditKey: key, Note: Clip(session.Topic), RecordedBy: by);

    /// <summary>Makes the ledger match the record's state; returns whether it credited.</summary>
    private async Task<bool> SettleAsync(LectureHallSession session, AttendanceRecord record, AttendanceCorrection? correction, string note, string by, CancellationToken cancellationToken)
    {
        var earns = AttendanceRecord.Earns(record.State);
        if (!earns && record.CreditEntryId is { } entryId)
        {
            await ledger.ReverseAsync(entryId, Clip(note), by, cancellationToken);
            record.CreditEntryId = null;
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }

        if (!earns || record.CreditEntryId is not null || session.CreditHours <= 0)
        {
            return false;
        }

        var key = record.EverCredited && correction is not null
            ? LedgerReference.ForSession(session.Id).Again(correction.Id).Value
            : SessionKey(session);
        await ledger.CreditAsync(SessionCredit(session, record.PersonId, key, by), cancellationToken);
        record.CreditEntryId = await db.LedgerEntries.Where(e => e.PersonId == record.PersonId && e.CreditKey == key)
            .Select(e => (long?)e.Id).SingleAsync(cancellationToken);
        record.EverCredited = true;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Imports a scanned paper sign-in sheet (columns: mobile, name, state, note): all rows or none.
    /// Each row is a correction with the sheet as its reason, so the audit trail shows where it came from.
    /// </summary>
    public async Task<SheetImportResult> ImportSheetAsync(int sessionId, Stream file, string fileName, string importedBy, CancellationToken cancellationToken = default)
    {
        var session = await roster.LoadAsync(sessionId, cancellationToken) ?? throw new InvalidOperationException("No such session.");
        var members = await roster.Members(session).Select(p => new { p.Id, p.Mobile, p.Name }).ToDictionaryAsync(p => p.Mobile, p => (p.Id, p.Name), cancellationToken);
        var sheet = new SignInSheet(members);
        var sheetReason = Clip(fileName);
        return await TabularImport.RunAsync(db, file, fileName, SignInSheet.Layout, new ImportSteps<SignInSheet.Line, SheetImportResult>
        {
            ParseRow = sheet.Parse,
            Commit = async lines =>
            {
                foreach (var line in lines)
                {
                    await CorrectAsyncInTransaction(session, line.PersonId, line.State, line.Note.Length > 0 ? Clip(line.Note) : sheetReason, importedBy, cancellationToken);
                }

                return new SheetImportResult(lines.Count, []);
            },
            Failed = problems => new SheetImportResult(0, problems),
        }, cancellationToken);
    }

    private async Task CorrectAsyncInTransaction(LectureHallSession session, int personId, AttendanceState to, string reason, string by, CancellationToken cancellationToken)
    {
        var record = await db.AttendanceRecords.SingleOrDefaultAsync(a => a.SessionId == session.Id && a.PersonId == personId, cancellationToken);
        if (record?.State == to)
        {
            return;
        }

        var from = record?.State;
        record ??= db.AttendanceRecords.Add(new AttendanceRecord { SessionId = session.Id, PersonId = personId }).Entity;
        record.State = to;
        record.Note = reason;
        await db.SaveChangesAsync(cancellationToken);
        var correction = db.AttendanceCorrections.Add(new AttendanceCorrection
        {
            AttendanceRecordId = record.Id, From = from, To = to, Reason = reason, CorrectedBy = by, CorrectedAt = clock.UtcNow,
        }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        if (session.ClosedAt is not null && session.Series?.IsClass == true)
        {
            await classes.SettleAsync(session.SeriesId, reason, by, cancellationToken);
        }
        else if (session.ClosedAt is not null)
        {
            await SettleAsync(session, record, correction, reason, by, cancellationToken);
        }
    }

    private async Task<bool> IsCodeOfAnotherSessionAsync(LectureHallSession session, string? code, CancellationToken cancellationToken)
    {
        var others = await db.LectureHallSessions.Where(s => s.Date == session.Date && s.Id != session.Id).Select(s => s.Id).ToListAsync(cancellationToken);
        return others.Any(id => codes.Check(id, code) != CodeCheck.Invalid);
    }

    private static string Clip(string text) => text.Length <= FieldLimits.Title ? text : text[..FieldLimits.Title];
}
