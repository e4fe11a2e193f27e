using LearnHub.Courses.Registry.Import;
using LearnHub.Courses.Import;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Ledger;
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
public sealed partial class TrainingRecordImporter(CoursesDbContext db, TrainingLedger ledger, ProgrammeClock clock)
{
    public const int MaxRows = 20_000;

    /// <summary>A single record cannot claim more than a month of full days.</summary>
    public const decimal MaxHoursPerRow = 240m;

    public static readonly IReadOnlyList<RosterColumn> Columns =
    [
        new("手机号", "Mobile"),
        new("姓名", "Name"),
        new("统一社会信用代码", "Credit code"),
        new("培训日期", "Date"),
        new("学时", "Hours"),
        new("集中培训", "Centralized"),
        new("培训名称", "Title"),
        new("证书编号", "Reference"),
    ];

    private const int MobileColumn = 0, NameColumn = 1, CodeColumn = 2, DateColumn = 3, HoursColumn = 4, CentralizedColumn = 5, TitleColumn = 6, ReferenceColumn = 7;

    /// <summary>The yes/no words a record may use for "centralized".</summary>
    public static readonly IReadOnlyDictionary<string, bool> YesNo = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
    {
        ["是"] = true, ["否"] = false, ["yes"] = true, ["no"] = false, ["y"] = true, ["n"] = false, ["1"] = true, ["0"] = false,
    };

    public async Task<TrainingImportResult> ImportAsync(Stream stream, string fileName, string recordedBy, CancellationToken cancellationToken)
    {
        TabularFile file;
        try
        {
            file = TabularFile.Read(stream, fileName);
        }
        catch (InvalidDataException e)
        {
            return TrainingImportResult.Failed(new ImportProblem(0, "", e.Message == "unsupported-extension"
                ? ImportProblemCode.UnsupportedFileType : ImportProblemCode.UnreadableFile, fileName));
        }

        return await ImportAsync(file, recordedBy, cancellationToken);
    }

    public async Task<TrainingImportResult> ImportAsync(TabularFile file, string recordedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        var problems = new List<ImportProblem>();
        var index = new int[Columns.Count];
        for (var i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            index[i] = file.Header.ToList().FindIndex(h => h == column.Chinese || string.Equals(h, column.English, StringComparison.OrdinalIgnoreCase));
            // Mobile, name and credit code are each optional as columns: a person is found by either.
            if (index[i] < 0 && i is not (MobileColumn or NameColumn or CodeColumn or ReferenceColumn))
            {
                problems.Add(new ImportProblem(1, column.Chinese, ImportProblemCode.MissingColumn, column.Chinese));
            }
        }

        if (index[MobileColumn] < 0 && (index[NameColumn] < 0 || index[CodeColumn] < 0))
        {
            problems.Add(new ImportProblem(1, Columns[MobileColumn].Chinese, ImportProblemCode.MissingColumn, Columns[MobileColumn].Chinese));
        }

        if (problems.Count > 0)
        {
            return TrainingImportResult.Failed([.. problems]);
        }

        if (file.Rows.Count == 0)
        {
            return TrainingImportResult.Failed(new ImportProblem(0, "", ImportProblemCode.NoRows, null));
        }

        if (file.Rows.Count > MaxRows)
        {
            return TrainingImportResult.Failed(new ImportProblem(0, "", ImportProblemCode.TooManyRows, MaxRows.ToString(CultureInfo.InvariantCulture)));
        }

        var parsed = new List<ParsedRow>();
        foreach (var (number, cells) in file.Rows)
        {
            string Cell(int column) => index[column] >= 0 && index[column] < cells.Length ? cells[index[column]] : "";
            if (Parse(number, Cell, problems) is { } row)
            {
                parsed.Add(row);
            }
        }

        // Find the people in two queries, not one per row.
        var mobiles = parsed.Where(r => r.Mobile.Length > 0).Select(r => r.Mobile).Distinct().ToList();
        var byMobile = await db.People.AsNoTracking().Where(p => mobiles.Contains(p.Mobile))
            .ToDictionaryAsync(p => p.Mobile, p => p.Id, cancellationToken);
        var codes = parsed.Where(r => r.Mobile.Length == 0).Select(r => r.CreditCode).Distinct().ToList();
        var byNameAndCode = (await db.People.AsNoTracking().Where(p => codes.Contains(p.Organization!.CreditCode))
                .Select(p => new { p.Id, p.Name, p.Organization!.CreditCode }).ToListAsync(cancellationToken))
            .ToLookup(p => (p.Name, p.CreditCode), p => p.Id);
        var credits = new List<(ParsedRow Row, LedgerCredit Credit)>();
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
            credits.Add((row, new LedgerCredit(personId, row.Date, row.Hours, LedgerSource.ExternalRecord, row.Centralized,
                row.Reference, key, row.Title, recordedBy)));
        }

        if (problems.Count > 0)
        {
            return TrainingImportResult.Failed([.. problems.OrderBy(p => p.Row)]);
        }

        // Join the caller's transaction (the demo loader) or run in our own: all rows or none.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var entries = await ledger.CreditManyAsync(credits.Select(c => c.Credit).ToList(), cancellationToken: cancellationToken);
        var credited = entries.Count(e => e is not null);
        var skipped = entries.Count - credited;

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return new TrainingImportResult([], credited, skipped);
    }

    private ParsedRow? Parse(int number, Func<int, string> cell, List<ImportProblem> problems)
    {
        var before = problems.Count;
        void Problem(int column, ImportProblemCode code, string? value = null) =>
            problems.Add(new ImportProblem(number, Columns[column].Chinese, code, value));

        var mobile = MobileNumber.Normalize(cell(MobileColumn));
        var name = cell(NameColumn);
        var code = CreditCode.Normalize(cell(CodeColumn));
        if (mobile.Length > 0)
        {
            if (!MobileNumber.IsValid(mobile)) Problem(MobileColumn, ImportProblemCode.InvalidMobile, mobile);
        }
        else if (name.Length == 0 || code.Length == 0)
        {
            Problem(MobileColumn, ImportProblemCode.PersonNotIdentified);
        }
        else if (CreditCode.Validate(code) is { } codeError)
        {
            Problem(CodeColumn, codeError == CreditCodeError.CheckCharacterMismatch ? ImportProblemCode.CreditCodeCheckFailed : ImportProblemCode.CreditCodeMalformed, cell(CodeColumn));
        }

        var date = default(DateOnly);
        var dateText = cell(DateColumn);
        if (dateText.Length == 0) Problem(DateColumn, ImportProblemCode.Required);
        else if (!DateOnly.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date) || date.Year < 2000)
            Problem(DateColumn, ImportProblemCode.InvalidDate, dateText);
        else if (date > clock.Today) Problem(DateColumn, ImportProblemCode.TrainingDateInFuture, dateText);

        var hours = 0m;
        var hoursText = cell(HoursColumn);
        if (hoursText.Length == 0) Problem(HoursColumn, ImportProblemCode.Required);
        else if (!decimal.TryParse(hoursText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out hours) ||
                 hours <= 0 || hours > MaxHoursPerRow || hours % TrainingLedger.Granularity != 0)
            Problem(HoursColumn, ImportProblemCode.InvalidHours, hoursText);

        var centralizedText = cell(CentralizedColumn);
        if (!YesNo.TryGetValue(centralizedText, out var centralized))
        {
            Problem(CentralizedColumn, centralizedText.Length == 0 ? ImportProblemCode.Required : ImportProblemCode.UnknownValue, centralizedText);
        }

        var title = cell(TitleColumn);
        if (title.Length == 0) Problem(TitleColumn, ImportProblemCode.Required);
        else if (title.Length > FieldLimits.Title) Problem(TitleColumn, ImportProblemCode.TooLong, FieldLimits.Title.ToString(CultureInfo.InvariantCulture));

        var reference = cell(ReferenceColumn);
        if (reference.Length > FieldLimits.Code - 10) Problem(ReferenceColumn, ImportProblemCode.TooLong, (FieldLimits.Code - 10).ToString(CultureInfo.InvariantCulture));

        return problems.Count > before ? null : new ParsedRow(number, mobile, name, code, date, hours, centralized, title, reference);
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

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy/MM/dd", "yyyy.M.d", "yyyyMMdd"];

    private sealed record ParsedRow(int Number, string Mobile, string Name, string CreditCode, DateOnly Date, decimal Hours,
        bool Centralized, string Title, string Reference);
}

public sealed record TrainingImportResult(IReadOnlyList<ImportProblem> Problems, int Credited, int AlreadyRecorded)
{
    public bool Succeeded => Problems.Count == 0;

    public static TrainingImportResult Failed(params ImportProblem[] problems) => new(problems, 0, 0);
}
