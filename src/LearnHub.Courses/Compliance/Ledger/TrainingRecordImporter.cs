using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Compliance.Ledger;

/// <summary>
/// Imports external training records (外部培训记录) into the ledger: one row per person and
/// training, the person found by mobile or by name and organization credit code. The whole file is
/// checked first; a file with any bad row credits nothing. Rows already credited (same reference)
/// are skipped, so importing a file twice is harmless.
/// </summary>
public sealed class TrainingRecordImporter(CoursesDbContext db, TrainingLedger ledger, ProgrammeClock clock)
{
    public const int MaxRows = 20_000;

    /// <summary>A single record cannot claim more than a month of full days.</summary>
    public const decimal MaxHoursPerRow = 240m;

    private const int MobileColumn = 0, NameColumn = 1, CodeColumn = 2, DateColumn = 3, HoursColumn = 4, CentralizedColumn = 5, TitleColumn = 6, ReferenceColumn = 7;

    /// <summary>
    /// Mobile, name and credit code are each optional as columns: a person is found by mobile, or by
    /// name and credit code together. The certificate number may be left out.
    /// </summary>
    public static readonly ImportLayout Layout = new(
    [
        new("手机号", "Mobile", Required: false),
        new("姓名", "Name", Required: false),
        new("统一社会信用代码", "Credit code", Required: false),
        new("培训日期", "Date"),
        new("学时", "Hours"),
        new("集中培训", "Centralized"),
        new("培训名称", "Title"),
        new("证书编号", "Reference", Required: false),
    ], MaxRows)
    {
        OneOf = [[MobileColumn], [NameColumn, CodeColumn]],
    };

    public static IReadOnlyList<ImportColumn> Columns => Layout.Columns;

    /// <summary>The yes/no words a record may use for "centralized".</summary>
    public static readonly IReadOnlyDictionary<string, bool> YesNo = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
    {
        ["是"] = true, ["否"] = false, ["yes"] = true, ["no"] = false, ["y"] = true, ["n"] = false, ["1"] = true, ["0"] = false,
    };

    public async Task<TrainingImportResult> ImportAsync(Stream stream, string fileName, string recordedBy, CancellationToken cancellationToken) =>
        await TabularImport.RunAsync(db, stream, fileName, Layout, Steps(recordedBy, cancellationToken), cancellationToken);

    public async Task<TrainingImportResult> ImportAsync(TabularFile file, string recordedBy, CancellationToken cancellationToken) =>
        await TabularImport.RunAsync(db, file, Layout, Steps(recordedBy, cancellationToken), cancellationToken);

    private ImportSteps<ParsedRow, TrainingImportResult> Steps(string recordedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        var credits = new List<LedgerCredit>();
        return new()
        {
            ParseRow = Parse,
            CheckRows = async (rows, problems) => credits = await CreditsAsync(rows, recordedBy, problems, cancellationToken),
            Commit = async _ =>
            {
                var entries = await ledger.CreditManyAsync(credits, cancellationToken: cancellationToken);
                var credited = entries.Count(e => e is not null);
                return new TrainingImportResult([], credited, entries.Count - credited);
            },
            Failed = problems => TrainingImportResult.Failed([.. problems]),
        };
    }

    /// <summary>Finds each row's person and refuses a record twice in the file; the credits to write.</summary>
    private async Task<List<LedgerCredit>> CreditsAsync(IReadOnlyList<ParsedRow> parsed, string recordedBy, List<ImportProblem> problems,
        CancellationToken cancellationToken)
    {
        // Find the people in two queries, not one per row.
        var mobiles = parsed.Where(r => r.Mobile.Length > 0).Select(r => r.Mobile).Distinct().ToList();
        var byMobile = await db.People.AsNoTracking().Where(p => mobiles.Contains(p.Mobile))
            .ToDictionaryAsync(p => p.Mobile, p => p.Id, cancellationToken);
        var codes = parsed.Where(r => r.Mobile.Length == 0).Select(r => r.CreditCode).Distinct().ToList();
        var byNameAndCode = (await db.People.AsNoTracking().Where(p => codes.Contains(p.Organization!.CreditCode))
                .Select(p => new { p.Id, p.Name, p.Organization!.CreditCode }).ToListAsync(cancellationToken))
            .ToLookup(p => (p.Name, p.CreditCode), p => p.Id);
        var credits = new List<LedgerCredit>();
        var keys = new Dictionary<(int, string), int>();
        foreach (var row in parsed)
        {
            int personId;
            if (row.Mobile.Length > 0)
            {
                if (!byMobile.TryGetValue(row.Mobile, out personId))
                {
                    problems.Add(new ImportProblem(row.Number, Columns[MobileColumn].Chinese, ImportProblemCode.UnknownPerson, row.Mobile));
                    continue;
                }
            }
            else
            {
                var matches = byNameAndCode[(row.Name, row.CreditCode)].ToList();
                if (matches.Count != 1)
                {
                    problems.Add(new ImportProblem(row.Number, Columns[NameColumn].Chinese,
                        matches.Count == 0 ? ImportProblemCode.UnknownPerson : ImportProblemCode.AmbiguousPerson, row.Name));
                    continue;
                }

                personId = matches[0];
            }

            var key = CreditKey(row);
            if (keys.TryGetValue((personId, key), out var first))
            {
                problems.Add(new ImportProblem(row.Number, Columns[row.Reference.Length > 0 ? ReferenceColumn : TitleColumn].Chinese,
                    ImportProblemCode.DuplicateRecord, first.ToString(CultureInfo.InvariantCulture)));
                continue;
            }

            keys[(personId, key)] = row.Number;
            credits.Add(new LedgerCredit(personId, row.Date, row.Hours, LedgerSource.ExternalRecord, row.Centralized,
                row.Reference, key, row.Title, recordedBy));
        }

        return credits;
    }

    private ParsedRow? Parse(ImportRow row)
    {
        var mobile = MobileNumber.Normalize(row[MobileColumn]);
        var name = row[NameColumn];
        var code = CreditCode.Normalize(row[CodeColumn]);
        if (mobile.Length > 0)
        {
            if (!MobileNumber.IsValid(mobile)) row.Problem(MobileColumn, ImportProblemCode.InvalidMobile, mobile);
        }
        else if (name.Length == 0 || code.Length == 0)
        {
            row.Problem(MobileColumn, ImportProblemCode.PersonNotIdentified);
        }
        else if (CreditCode.Validate(code) is { } codeError)
        {
            row.Problem(CodeColumn, codeError == CreditCodeError.CheckCharacterMismatch ? ImportProblemCode.CreditCodeCheckFailed : ImportProblemCode.CreditCodeMalformed, row[CodeColumn]);
        }

        var date = default(DateOnly);
        var dateText = row[DateColumn];
        if (dateText.Length == 0) row.Problem(DateColumn, ImportProblemCode.Required);
        else if (!DateOnly.TryParseExact(dateText, TabularImport.DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date) || date.Year < 2000)
            row.Problem(DateColumn, ImportProblemCode.InvalidDate, dateText);
        else if (date > clock.Today) row.Problem(DateColumn, ImportProblemCode.TrainingDateInFuture, dateText);

        var hours = 0m;
        var hoursText = row[HoursColumn];
        if (hoursText.Length == 0) row.Problem(HoursColumn, ImportProblemCode.Required);
        else if (!decimal.TryParse(hoursText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out hours) ||
                 hours <= 0 || hours > MaxHoursPerRow || hours % TrainingLedger.Granularity != 0)
            row.Problem(HoursColumn, ImportProblemCode.InvalidHours, hoursText);

        var centralizedText = row[CentralizedColumn];
        if (!YesNo.TryGetValue(centralizedText, out var centralized))
        {
            row.Problem(CentralizedColumn, centralizedText.Length == 0 ? ImportProblemCode.Required : ImportProblemCode.UnknownValue, centralizedText);
        }

        var title = row[TitleColumn];
        if (title.Length == 0) row.Problem(TitleColumn, ImportProblemCode.Required);
        else if (title.Length > FieldLimits.Title) row.Problem(TitleColumn, ImportProblemCode.TooLong, FieldLimits.Title.ToString(CultureInfo.InvariantCulture));

        var reference = row[ReferenceColumn];
        if (reference.Length > FieldLimits.Code - 10) row.Problem(ReferenceColumn, ImportProblemCode.TooLong, (FieldLimits.Code - 10).ToString(CultureInfo.InvariantCulture));

        return row.HasProblems ? null : new ParsedRow(row.Number, mobile, name, code, date, hours, centralized, title, reference);
    }

    /// <summary>
    /// Once-only key of an external record: its certificate number, else its date and title, so
    /// the same record imported again is recognised.
    /// </summary>
    private static string CreditKey(ParsedRow row)
    {
        if (row.Reference.Length > 0)
        {
            return LedgerReference.ForExternal(row.Reference).Value;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(row.Title)))[..16];
        return LedgerReference.ForExternal(string.Create(CultureInfo.InvariantCulture, $"{row.Date:yyyyMMdd}:{hash}")).Value;
    }

    private sealed record ParsedRow(int Number, string Mobile, string Name, string CreditCode, DateOnly Date, decimal Hours,
        bool Centralized, string Title, string Reference);
}

public sealed record TrainingImportResult(IReadOnlyList<ImportProblem> Problems, int Credited, int AlreadyRecorded) : ImportResult(Problems)
{
    public static TrainingImportResult Failed(params ImportProblem[] problems) => new(problems, 0, 0);
}
