using LearnHub.Courses.Import;
using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Registry.Import;

/// <summary>
/// Imports organizations and people from a roster: one row per person and position, the
/// organization's columns repeated on each row. The whole file is checked first; a file with any
/// bad row writes nothing.
/// </summary>
public sealed partial class RosterImporter(CoursesDbContext db, ProgrammeClock clock)
{
    public const int MaxRows = 20_000;

    /// <summary>Columns in template order; a header may use the Chinese or the English name.</summary>
    public static readonly IReadOnlyList<RosterColumn> Columns =
    [
        new("组织名称", "Organization"),
        new("统一社会信用代码", "Credit code"),
        new("组织类型", "Kind"),
        new("所属领域", "Field"),
        new("评估等级", "Grade"),
        new("业务主管单位", "Supervising unit"),
        new("党组织形式", "Party organization"),
        new("姓名", "Name"),
        new("性别", "Gender"),
        new("手机号", "Mobile"),
        new("职务", "Position"),
        new("任职日期", "Appointed on"),
    ];

    public async Task<RosterImportResult> ImportAsync(Stream stream, string fileName, CancellationToken cancellationToken)
    {
        TabularFile file;
        try
        {
            file = TabularFile.Read(stream, fileName);
        }
        catch (InvalidDataException e)
        {
            return RosterImportResult.Failed(new ImportProblem(0, "", e.Message == "unsupported-extension"
                ? ImportProblemCode.UnsupportedFileType : ImportProblemCode.UnreadableFile, fileName));
        }

        return await ImportAsync(file, cancellationToken);
    }

    public async Task<RosterImportResult> ImportAsync(TabularFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var problems = new List<ImportProblem>();
        var columnIndex = MapColumns(file.Header, problems);
        if (problems.Count > 0)
        {
            return RosterImportResult.Failed([.. problems]);
        }

        if (file.Rows.Count == 0)
        {
            return RosterImportResult.Failed(new ImportProblem(0, "", ImportProblemCode.NoRows, null));
        }

        if (file.Rows.Count > MaxRows)
        {
            return RosterImportResult.Failed(new ImportProblem(0, "", ImportProblemCode.TooManyRows, MaxRows.ToString(CultureInfo.InvariantCulture)));
        }

        var units = await db.SupervisingUnits.AsNoTracking().ToDictionaryAsync(u => u.Name, u => u.Id, cancellationToken);
        var rows = new List<RosterRow>();
        foreach (var (number, cells) in file.Rows)
        {
            var row = ParseRow(number, i => columnIndex[i] < cells.Length ? cells[columnIndex[i]] : "", units, problems);
            if (row is not null)
            {
                rows.Add(row);
            }
        }

        CheckConsistency(rows, problems);
        var codes = rows.Select(r => r.CreditCode).Distinct().ToList();
        var mobiles = rows.Select(r => r.Mobile).Distinct().ToList();
        var existingOrganizations = await db.Organizations.Where(o => codes.Contains(o.CreditCode)).ToDictionaryAsync(o => o.CreditCode, cancellationToken);
        var existingPeople = await db.People.Include(p => p.Positions).Include(p => p.Organization)
            .Where(p => mobiles.Contains(p.Mobile)).ToDictionaryAsync(p => p.Mobile, cancellationToken);
        foreach (var row in rows)
        {
            if (existingPeople.TryGetValue(row.Mobile, out var person))
            {
                if (person.Name != row.Name)
                {
                    problems.Add(new ImportProblem(row.Number, Columns[9].Chinese, ImportProblemCode.MobileBelongsToAnotherPerson, person.Name));
                }
                else if (person.Organization!.CreditCode != row.CreditCode)
                {
                    problems.Add(new ImportProblem(row.Number, Columns[7].Chinese, ImportProblemCode.PersonInAnotherOrganization, person.Organization.Name));
                }
            }
        }

        if (problems.Count > 0)
        {
            return RosterImportResult.Failed([.. problems.OrderBy(p => p.Row)]);
        }

        return await WriteAsync(rows, existingOrganizations, existingPeople, cancellationToken);
    }

    private static int[] MapColumns(IReadOnlyList<string> header, List<ImportProblem> problems)
    {
        var index = new int[Columns.Count];
        for (var i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            index[i] = header.ToList().FindIndex(h =>
                string.Equals(h, column.Chinese, StringComparison.Ordinal) ||
                string.Equals(h, column.English, StringComparison.OrdinalIgnoreCase));
            if (index[i] < 0)
            {
                problems.Add(new ImportProblem(1, column.Chinese, ImportProblemCode.MissingColumn, column.Chinese));
            }
        }

        return index;
    }

    private RosterRow? ParseRow(int number, Func<int, string> cell, Dictionary<string, int> units, List<ImportProblem> problems)
    {
        var before = problems.Count;
        void Problem(int column, ImportProblemCode code, string? value = null) =>
            problems.Add(new ImportProblem(number, Columns[column].Chinese, code, value));

        var organizationName = cell(0);
        if (organizationName.Length == 0) Problem(0, ImportProblemCode.Required);
        else if (organizationName.Length > FieldLimits.Name) Problem(0, ImportProblemCode.TooLong, FieldLimits.Name.ToString(CultureInfo.InvariantCulture));

        var creditCode = CreditCode.Normalize(cell(1));
        if (CreditCode.Validate(creditCode) is { } codeError)
        {
            Problem(1, codeError switch
            {
                CreditCodeError.Missing => ImportProblemCode.Required,
                CreditCodeError.CheckCharacterMismatch => ImportProblemCode.CreditCodeCheckFailed,
                _ => ImportProblemCode.CreditCodeMalformed,
            }, cell(1));
        }

        var kind = Lookup(RosterVocabulary.Kinds, cell(2), 2);
        var field = Lookup(RosterVocabulary.Fields, cell(3), 3);
        var grade = Lookup(RosterVocabulary.Grades, cell(4), 4);
        var unitName = cell(5);
        if (!units.TryGetValue(unitName, out var unitId))
        {
            Problem(5, unitName.Length == 0 ? ImportProblemCode.Required : ImportProblemCode.UnknownSupervisingUnit, unitName);
        }

        var partyForm = Lookup(RosterVocabulary.PartyForms, cell(6), 6);
        var name = cell(7);
        if (name.Length == 0) Problem(7, ImportProblemCode.Required);
        else if (name.Length > FieldLimits.PersonName) Problem(7, ImportProblemCode.TooLong, FieldLimits.PersonName.ToString(CultureInfo.InvariantCulture));

        var gender = Lookup(RosterVocabulary.Genders, cell(8), 8);
        var mobile = MobileNumber.Normalize(cell(9));
        if (mobile.Length == 0) Problem(9, ImportProblemCode.Required);
        else if (!MobileNumber.IsValid(mobile)) Problem(9, ImportProblemCode.InvalidMobile, mobile);

        var position = Lookup(RosterVocabulary.Positions, cell(10), 10);
        var appointedOn = default(DateOnly);
        var dateText = cell(11);
        if (dateText.Length == 0)
        {
            Problem(11, ImportProblemCode.Required);
        }
        else if (!DateOnly.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out appointedOn))
        {
            Problem(11, ImportProblemCode.InvalidDate, dateText);
        }
        else if (appointedOn > clock.Today)
        {
            Problem(11, ImportProblemCode.DateInFuture, dateText);
        }

        return problems.Count > before ? null : new RosterRow(number, organizationName, creditCode, kind, field, grade, unitId,
            partyForm, name, gender, mobile, position, appointedOn);

        T Lookup<T>(IReadOnlyDictionary<string, T> vocabulary, string text, int column)
            where T : struct
        {
            if (vocabulary.TryGetValue(text, out var value))
            {
                return value;
            }

            Problem(column, text.Length == 0 ? ImportProblemCode.Required : ImportProblemCode.UnknownValue, text);
            return default;
        }
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy/MM/dd", "yyyy.M.d", "yyyyMMdd"];

    /// <summary>Rows of one organization must agree; one person (mobile) has one name and one position once.</summary>
    private static void CheckConsistency(List<RosterRow> rows, List<ImportProblem> problems)
    {
        foreach (var group in rows.GroupBy(r => r.CreditCode))
        {
            var first = group.First();
            foreach (var row in group.Skip(1))
            {
                if (row.OrganizationName != first.OrganizationName || row.Kind != first.Kind || row.Field != first.Field ||
                    row.Grade != first.Grade || row.UnitId != first.UnitId || row.PartyForm != first.PartyForm)
                {
                    problems.Add(new ImportProblem(row.Number, Columns[1].Chinese, ImportProblemCode.OrganizationConflict,
                        first.Number.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        foreach (var group in rows.GroupBy(r => r.Mobile))
        {
            var first = group.First();
            var positions = new HashSet<PositionKind> { first.Position };
            foreach (var row in group.Skip(1))
            {
                if (row.Name != first.Name || row.CreditCode != first.CreditCode)
                {
                    problems.Add(new ImportProblem(row.Number, Columns[9].Chinese, ImportProblemCode.MobileBelongsToAnotherPerson, first.Name));
                }
                else if (!positions.Add(row.Position))
                {
                    problems.Add(new ImportProblem(row.Number, Columns[10].Chinese, ImportProblemCode.DuplicatePerson,
                        first.Number.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }
    }

    private async Task<RosterImportResult> WriteAsync(List<RosterRow> rows, Dictionary<string, Organization> organizations,
        Dictionary<string, Person> people, CancellationToken cancellationToken)
    {
        int organizationsCreated = 0, organizationsUpdated = 0, peopleCreated = 0, peopleUpdated = 0;
        // Join the caller's transaction (the demo loader) or run in our own.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        foreach (var group in rows.GroupBy(r => r.CreditCode))
        {
            var first = group.First();
            if (!organizations.TryGetValue(first.CreditCode, out var organization))
            {
                organization = new Organization { CreditCode = first.CreditCode };
                db.Organizations.Add(organization);
                organizations[first.CreditCode] = organization;
                organizationsCreated++;
            }
            else
            {
                organizationsUpdated++;
            }

            organization.Name = first.OrganizationName;
            organization.Kind = first.Kind;
            organization.Field = first.Field;
            organization.Grade = first.Grade;
            organization.SupervisingUnitId = first.UnitId;
            organization.PartyForm = first.PartyForm;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var group in rows.GroupBy(r => r.Mobile))
        {
            var first = group.First();
            if (!people.TryGetValue(first.Mobile, out var person))
            {
                person = new Person { Mobile = first.Mobile, OrganizationId = organizations[first.CreditCode].Id };
                db.People.Add(person);
                peopleCreated++;
            }
            else
            {
                peopleUpdated++;
            }

            person.Name = first.Name;
            person.Gender = first.Gender;
            foreach (var row in group)
            {
                person.AddPosition(row.Position, row.AppointedOn);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return new RosterImportResult([], organizationsCreated, organizationsUpdated, peopleCreated, peopleUpdated);
    }

    private sealed record RosterRow(int Number, string OrganizationName, string CreditCode, OrganizationKind Kind,
        OrganizationField Field, EvaluationGrade Grade, int UnitId, PartyOrganizationForm PartyForm, string Name,
        Gender Gender, string Mobile, PositionKind Position, DateOnly AppointedOn);
}

public sealed record RosterColumn(string Chinese, string English);

/// <summary>One reason a row was refused. <see cref="Row"/> 0 is about the whole file.</summary>
public sealed record ImportProblem(int Row, string Column, ImportProblemCode Code, string? Value);

public enum ImportProblemCode
{
    UnsupportedFileType,
    UnreadableFile,
    MissingColumn,
    NoRows,
    TooManyRows,
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
}

public sealed record RosterImportResult(IReadOnlyList<ImportProblem> Problems, int OrganizationsCreated,
    int OrganizationsUpdated, int PeopleCreated, int PeopleUpdated)
{
    public bool Succeeded => Problems.Count == 0;

    public static RosterImportResult Failed(params ImportProblem[] problems) => new(problems, 0, 0, 0, 0);
}
