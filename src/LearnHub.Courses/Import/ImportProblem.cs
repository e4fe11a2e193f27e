namespace LearnHub.Courses.Import;

/// <summary>
/// One reason an import was refused: the row as the user's spreadsheet numbers it (1 is the header,
/// 0 is the whole file), the column by its Chinese header, and what was wrong.
/// </summary>
public sealed record ImportProblem(int Row, string Column, ImportProblemCode Code, string? Value);

/// <summary>What an import can find wrong; the page shows each as "ImportProblemCode.{code}" with the value.</summary>
public enum ImportProblemCode
{
    UnsupportedFileType,
    UnreadableFile,
    MissingColumn,
    NoRows,
    TooManyRows,
    WorkbookTooLarge,
    Required,
    TooLong,
    UnknownValue,
    CreditCodeMalformed,
    CreditCodeCheckFailed,
    UnknownSupervisingUnit,
    InvalidMobile,
    InvalidDate,
    DateInFuture,
    OrganizationConflict,
    MobileBelongsToAnotherPerson,
    PersonInAnotherOrganization,
    DuplicatePerson,
    UnknownPerson,
    AmbiguousPerson,
    PersonNotIdentified,
    InvalidHours,
    DuplicateRecord,
    TrainingDateInFuture,
    NotOnSessionRoster,
    NameNotOnRoster,
    UnknownAttendanceState,
    ExcuseWithoutReason,
    MobileTwice,
}

/// <summary>What every import's result has: the problems, none when it committed.</summary>
public abstract record ImportResult(IReadOnlyList<ImportProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}
