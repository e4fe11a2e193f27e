using LearnHub.Courses.Calendar;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Classes.Certificates;

public enum CertificateOutcome
{
    Issued,
    NotFound,

    /// <summary>The person holds no standing credit of the class: they have not completed it (or it was taken back).</summary>
    NotCompleted,

    /// <summary>An administrator revoked this person's certificate of the class; LearnHub does not issue it again by itself.</summary>
    RevokedByOrganizer,
}

public sealed record CertificateResult(CertificateOutcome Outcome, ClassCertificate? Certificate);

public enum RevocationOutcome
{
    Revoked,
    NotFound,
    AlreadyRevoked,
    ReasonRequired,
}

public enum VerificationStatus
{
    Genuine,
    Revoked,

    /// <summary>Well formed and signed, but no certificate has it (or the shape or signature is wrong: see <see cref="SerialCheck"/>).</summary>
    Unknown,
    Malformed,
    Altered,
}

/// <summary>
/// What the public verification page may show: for a genuine certificate the masked name, the class, the hours and the
/// completion date; for a revoked one the day it was revoked; for anything else nothing.
/// </summary>
public sealed record CertificateVerification(VerificationStatus Status, string Serial, string? MaskedName = null, string? ClassTitle = null,
    decimal? Hours = null, DateOnly? CompletedOn = null, DateOnly? RevokedOn = null);

/// <summary>One of a person's certificates, with the class it is of.</summary>
public sealed record CertificateLine(int Id, int ClassId, string ClassTitle, string Serial, decimal Hours, DateOnly CompletedOn, DateOnly IssuedOn,
    DateOnly? RevokedOn, string? RevocationReason, int PersonId, string PersonName, string OrganizationName);

/// <summary>The hours a training day counts in a year, under that year's rules (which the lecture hall does not read itself).</summary>
public delegate Task<decimal> HoursPerDay(int year, CancellationToken cancellationToken);

/// <summary>
/// Completion certificates of training classes. A person has completed a class when they hold a standing (not reversed)
/// ledger credit with the class's reference (<see cref="LedgerReference.ForClass"/>); whatever decides when that credit
/// is made, the certificate follows it. A certificate is issued once per person and class, on first request, and
/// revoked by an administrator with a reason or, when its credit is reversed, by LearnHub with the reversal's reason:
/// every read first brings the certificates it reads in line with the ledger (<see cref="ReconcileAsync"/>), so no
/// path that reverses a credit has to know about certificates.
/// </summary>
public sealed class ClassCertificates(CoursesDbContext db, CertificateSerials serials, HoursPerDay hoursPerDay, ProgrammeClock clock)
{
    /// <summary>The standing credit a certificate of <paramref name="seriesId"/>'s class rests on, the latest if several.</summary>
    public Task<LedgerEntry?> StandingCreditAsync(int seriesId, int personId, CancellationToken cancellationToken = default) =>
        StandingCredits(db, seriesId, personId).AsNoTracking().OrderByDescending(e => e.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The person's credits for the class that stand (not reversal lines, not reversed): what completing it means.</summary>
    public static IQueryable<LedgerEntry> StandingCredits(CoursesDbContext db, int seriesId, int personId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reference = LedgerReference.ForClass(seriesId).Value;
        return db.LedgerEntries.Where(e => e.PersonId == personId && e.Reference == reference && e.ReversesEntryId == null && e.Hours > 0
            && !db.LedgerEntries.Any(r => r.ReversesEntryId == e.Id));
    }

    /// <summary>The person's standing certificate of the class, issued now if they completed it and have none.</summary>
    public async Task<CertificateResult> IssueAsync(int classId, int personId, CancellationToken cancellationToken = default)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == classId, cancellationToken);
        if (trainingClass is null || !await db.People.AnyAsync(p => p.Id == personId, cancellationToken))
        {
            return new(CertificateOutcome.NotFound, null);
        }

        var mine = db.ClassCertificates.Where(c => c.ClassId == classId && c.PersonId == personId);
        await ReconcileAsync(mine, cancellationToken);
        if (await mine.AsNoTracking().SingleOrDefaultAsync(c => c.RevokedAt == null, cancellationToken) is { } standing)
        {
            return new(CertificateOutcome.Issued, standing);
        }

        if (await mine.AnyAsync(c => c.RevokedAt != null && c.RevokedBy != ClassCertificate.System, cancellationToken))
        {
            return new(CertificateOutcome.RevokedByOrganizer, null);
        }

        if (await StandingCreditAsync(trainingClass.SeriesId, personId, cancellationToken) is not { } credit)
        {
            return new(CertificateOutcome.NotCompleted, null);
        }

        var dayHours = await hoursPerDay(credit.Date.Year, cancellationToken);
        var certificate = new ClassCertificate
        {
            Serial = serials.Next(clock.Year),
            ClassId = classId,
            PersonId = personId,
            CreditEntryId = credit.Id,
            Hours = credit.Hours,
            CentralizedDays = dayHours <= 0 ? 0 : Math.Floor(credit.Hours / dayHours * 10) / 10,
            CompletedOn = credit.Date,
            IssuedAt = clock.UtcNow,
        };
        db.ClassCertificates.Add(certificate);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same request twice at once: the unique index kept one; hand out that one.
            db.Entry(certificate).State = EntityState.Detached;
            return new(CertificateOutcome.Issued, await mine.AsNoTracking().SingleAsync(c => c.RevokedAt == null, cancellationToken));
        }

        return new(CertificateOutcome.Issued, certificate);
    }

    /// <summary>
    /// Revokes the standing certificates among <paramref name="certificates"/> whose credit has been reversed, with the
    /// reversal's reason and time; returns them, so their holders can be told.
    /// </summary>
    public async Task<IReadOnlyList<ClassCertificate>> ReconcileAsync(IQueryable<ClassCertificate> certificates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var lapsed = await certificates.Where(c => c.RevokedAt == null)
            .Select(c => new
            {
                Certificate = c,
                Reversal = db.LedgerEntries.Where(e => e.ReversesEntryId == c.CreditEntryId).Select(e => new { e.Note, e.RecordedAt }).FirstOrDefault(),
            })
            .Where(x => x.Reversal != null).ToListAsync(cancellationToken);
        foreach (var item in lapsed)
        {
            item.Certificate.RevokedAt = item.Reversal!.RecordedAt;
            item.Certificate.RevokedBy = ClassCertificate.System;
            item.Certificate.RevocationReason = Clip(item.Reversal.Note);
        }

        if (lapsed.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return lapsed.Select(x => x.Certificate).ToList();
    }

    /// <summary>An administrator revokes a standing certificate, with a reason the holder is told.</summary>
    public async Task<(RevocationOutcome Outcome, ClassCertificate? Certificate)> RevokeAsync(int certificateId, string? reason, string revokedBy,
        CancellationToken cancellationToken = default)
    {
        reason = reason?.Trim() ?? "";
        var certificate = await db.ClassCertificates.SingleOrDefaultAsync(c => c.Id == certificateId, cancellationToken);
        if (certificate is null)
        {
            return (RevocationOutcome.NotFound, null);
        }

        if (reason.Length == 0 || reason.Length > FieldLimits.Title)
        {
            return (RevocationOutcome.ReasonRequired, certificate);
        }

        if (certificate.IsRevoked)
        {
            return (RevocationOutcome.AlreadyRevoked, certificate);
        }

        certificate.RevokedAt = clock.UtcNow;
        certificate.RevokedBy = revokedBy;
        certificate.RevocationReason = reason;
        await db.SaveChangesAsync(cancellationToken);
        return (RevocationOutcome.Revoked, certificate);
    }

    /// <summary>
    /// Checks a serial someone typed or scanned: its signature first, without the database; then the certificate, brought
    /// in line with the ledger. Says nothing of an unknown or altered serial, and only the day of a revoked one.
    /// </summary>
    public async Task<CertificateVerification> VerifyAsync(string? typed, CancellationToken cancellationToken = default)
    {
        switch (serials.Check(typed, out var serial))
        {
            case SerialCheck.Malformed:
                return new(VerificationStatus.Malformed, "");
            case SerialCheck.BadSignature:
                return new(VerificationStatus.Altered, serial);
        }

        var found = db.ClassCertificates.Where(c => c.Serial == serial);
        await ReconcileAsync(found, cancellationToken);
        var certificate = await found.AsNoTracking()
            .Select(c => new { c.Hours, c.CompletedOn, c.RevokedAt, Name = c.Person!.Name, Title = c.Class!.Title })
            .SingleOrDefaultAsync(cancellationToken);
        if (certificate is null)
        {
            return new(VerificationStatus.Unknown, serial);
        }

        return certificate.RevokedAt is { } revokedAt
            ? new(VerificationStatus.Revoked, serial, RevokedOn: clock.DateOf(revokedAt))
            : new(VerificationStatus.Genuine, serial, MaskName(certificate.Name), certificate.Title, certificate.Hours, certificate.CompletedOn);
    }

    /// <summary>
    /// A person's certificates, newest first, after issuing one for every class they completed that has none (so "my
    /// hours" lists what they can download) and revoking those whose credit was reversed.
    /// </summary>
    public async Task<(IReadOnlyList<CertificateLine> Lines, IReadOnlyList<ClassCertificate> Revoked)> OfPersonAsync(int personId,
        CancellationToken cancellationToken = default)
    {
        var revoked = await ReconcileAsync(db.ClassCertificates.Where(c => c.PersonId == personId), cancellationToken);
        var prefix = LedgerReference.ForClass(0).Value.TrimEnd('0');
        var credited = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.PersonId == personId && e.Reference.StartsWith(prefix) && e.ReversesEntryId == null && e.Hours > 0
                && !db.LedgerEntries.Any(r => r.ReversesEntryId == e.Id))
            .Select(e => e.Reference).Distinct().ToListAsync(cancellationToken);
        var series = credited.Select(r => LedgerReference.TryParse(r, out var reference) && reference.Kind == LedgerReferenceKind.Class ? reference.Id : 0)
            .Where(id => id > 0).ToList();
        var classes = await db.TrainingClasses.Where(c => series.Contains(c.SeriesId)
            && !db.ClassCertificates.Any(x => x.ClassId == c.Id && x.PersonId == personId && (x.RevokedAt == null || x.RevokedBy != ClassCertificate.System)))
            .Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var classId in classes)
        {
            await IssueAsync(classId, personId, cancellationToken);
        }

        return (await Lines(db.ClassCertificates.Where(c => c.PersonId == personId), cancellationToken), revoked);
    }

    /// <summary>A class's certificates for its organizer, after revoking those whose credit was reversed.</summary>
    public async Task<(IReadOnlyList<CertificateLine> Lines, IReadOnlyList<ClassCertificate> Revoked)> OfClassAsync(int classId,
        CancellationToken cancellationToken = default)
    {
        var revoked = await ReconcileAsync(db.ClassCertificates.Where(c => c.ClassId == classId), cancellationToken);
        return (await Lines(db.ClassCertificates.Where(c => c.ClassId == classId), cancellationToken), revoked);
    }

    private async Task<IReadOnlyList<CertificateLine>> Lines(IQueryable<ClassCertificate> certificates, CancellationToken cancellationToken)
    {
        var rows = await certificates.AsNoTracking()
            .Select(c => new
            {
                c.Id, c.ClassId, c.Class!.Title, c.Serial, c.Hours, c.CompletedOn, c.IssuedAt, c.RevokedAt, c.RevocationReason, c.PersonId,
                c.Person!.Name, Organization = c.Person.Organization!.Name,
            })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.CompletedOn).ThenBy(r => r.Name, StringComparer.Ordinal).ThenByDescending(r => r.Id)
            .Select(r => new CertificateLine(r.Id, r.ClassId, r.Title, r.Serial, r.Hours, r.CompletedOn, clock.DateOf(r.IssuedAt),
                r.RevokedAt is { } at ? clock.DateOf(at) : null, r.RevocationReason, r.PersonId, r.Name, r.Organization ?? ""))
            .ToList();
    }

    /// <summary>
    /// A name as the public may see it: the surname and the last character, the rest starred (张*三, 欧**明); a
    /// two-character name keeps its first (张*). Names in Latin letters are masked word by word the same way.
    /// </summary>
    public static string MaskName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Select(MaskWord));
    }

    private static string MaskWord(string word)
    {
        var letters = System.Globalization.StringInfo.GetTextElementEnumerator(word);
        var elements = new List<string>();
        while (letters.MoveNext())
        {
            elements.Add(letters.GetTextElement());
        }

        return elements.Count switch
        {
            0 => "",
            1 => "*",
            2 => elements[0] + "*",
            _ => elements[0] + new string('*', elements.Count - 2) + elements[^1],
        };
    }

    private static string Clip(string text) => text.Length <= FieldLimits.Title ? text : text[..FieldLimits.Title];
}
