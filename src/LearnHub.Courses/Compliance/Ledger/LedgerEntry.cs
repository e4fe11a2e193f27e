using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Compliance.Ledger;

/// <summary>Where a credited hour came from (学时来源).</summary>
public enum LedgerSource
{
    CourseCompletion = 0,
    LiveLecture = 1,
    InPersonAttendance = 2,
    ExternalRecord = 3,
    ManualAdjustment = 4,
}

/// <summary>
/// One line of the training-hour ledger (学时台账). Entries are never updated or deleted: a
/// correction is a new entry that reverses an earlier one, so any total can be audited back to
/// the events that produced it.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; private set; }

    public int PersonId { get; private set; }

    public Person? Person { get; private set; }

    /// <summary>The day the training took place (not the day it was recorded); rules count years by it.</summary>
    public DateOnly Date { get; private set; }

    /// <summary>Signed: a reversal carries the negative of what it reverses.</summary>
    public decimal Hours { get; private set; }

    public LedgerSource Source { get; private set; }

    /// <summary>
    /// Counts as centralized training (集中培训): an in-person class, a lecture-hall session or a live
    /// lecture attended in full. Online self-study adds hours but not centralized trainings.
    /// </summary>
    public bool Centralized { get; private set; }

    /// <summary>What the hours are for, readable by a person: "course:12", "session:5", an external certificate number.</summary>
    public string Reference { get; private set; } = "";

    /// <summary>
    /// Set for credits that may happen only once (a course completion, a session's attendance):
    /// unique per person, so a repeated completion event cannot credit twice, even in a race.
    /// </summary>
    public string? CreditKey { get; private set; }

    /// <summary>Free text: the title of what was attended, or the reason of an adjustment or reversal.</summary>
    public string Note { get; private set; } = "";

    /// <summary>Who caused the entry: a user id, or "system" for automatic credits.</summary>
    public string RecordedBy { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>The entry this one cancels; an entry is reversed at most once.</summary>
    public long? ReversesEntryId { get; private set; }

    private LedgerEntry()
    {
    }

    internal static LedgerEntry Credit(LedgerCredit credit, DateTimeOffset recordedAt) => new()
    {
        PersonId = credit.PersonId,
        Date = credit.Date,
        Hours = credit.Hours,
        Source = credit.Source,
        Centralized = credit.Centralized,
        Reference = credit.Reference,
        CreditKey = credit.CreditKey,
        Note = credit.Note,
        RecordedBy = credit.RecordedBy,
        RecordedAt = recordedAt,
    };

    internal LedgerEntry Reversal(string reason, string recordedBy, DateTimeOffset recordedAt) => new()
    {
        PersonId = PersonId,
        Date = Date,
        Hours = -Hours,
        Source = Source,
        Centralized = Centralized,
        Reference = Reference,
        Note = reason,
        RecordedBy = recordedBy,
        RecordedAt = recordedAt,
        ReversesEntryId = Id,
    };
}

/// <summary>What a caller asks the ledger to credit.</summary>
/// <param name="CreditKey">Non-null for once-only credits; see <see cref="LedgerEntry.CreditKey"/>.</param>
public sealed record LedgerCredit(
    int PersonId,
    DateOnly Date,
    decimal Hours,
    LedgerSource Source,
    bool Centralized,
    string Reference,
    string? CreditKey,
    string Note,
    string RecordedBy);
