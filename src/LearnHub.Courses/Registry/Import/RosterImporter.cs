using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Registry.Import;

/// <summary>
/// Imports organizations and people from a roster (名册): one row per person and position, the
/// organization's columns repeated on each row. The whole file is checked first; a file with any
/// bad row writes nothing.
/// </summary>
public sealed class RosterImporter(CoursesDbContext db, ProgrammeClock clock)
{
    public const int MaxRows = 20_000;

    /// <summary>Columns in template order; a header may use the Chinese or the English name.</summary>
    public static readonly ImportLayout Layout = new(
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
    ], MaxRows);

    public static IReadOnlyList<ImportColumn> Columns => Layout.Columns;

    public async Task<RosterImportResult> ImportAsync(Stream stream, string fileName, CancellationToken cancellationToken) =>
        await TabularImport.RunAsync(db, stream, fileName, Layout, await StepsAsync(cancellationToken), cancellationToken);

    public async Task<RosterImportResult> ImportAsync(TabularFile file, CancellationToken cancellationToken) =>
        await TabularImport.RunAsync(db, file, Layout, await StepsAsync(cancellationToken), cancellationToken);

    private async Task<ImportSteps<RosterRow, RosterImportResult>> StepsAsync(CancellationToken cancellationToken)
    {
        var units = await db.SupervisingUnits.AsNoTracking().ToDictionaryAsync(u => u.Name, u => u.Id, cancellationToken);
        var organizations = new Dictionary<string, Organization>();
        var people = new Dictionary<string, Person>();
        return new()
        {
            ParseRow = row => ParseRow(row, units),
            CheckRows = async (rows, problems) =>
            {
                CheckConsistency(rows, problems);
                var codes = rows.Select(r => r.CreditCode).Distinct().ToList();
                var mobiles = rows.Select(r => r.Mobile).Distinct().ToList();
                organizations = await db.Organizations.Where(o => codes.Contains(o.CreditCode)).ToDictionaryAsync(o => o.CreditCode, cancellationToken);
                people = await db.People.Include(p => p.Positions).Include(p => p.Organization)
                    .Where(p => mobiles.Contains(p.Mobile)).ToDictionaryAsync(p => p.Mobile, cancellationToken);
                CheckAgainstRegistry(rows, people, problems);
            },
            Commit = rows => WriteAsync(rows, organizations, people, cancellationToken),
            Failed = problems => RosterImportResult.Failed([.. problems]),
        };
    }

    /// <summary>A mobile already in the registry must belong to the same person in the same organization.</summary>
    private static void CheckAgainstRegistry(IReadOnlyList<RosterRow> rows, Dictionary<string, Person> people, List<ImportProblem> problems)
    {
        foreach (var row in rows)
        {
            if (people.TryGetValue(row.Mobile, out var person))
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
    }

    private RosterRow? ParseRow(ImportRow row, Dictionary<string, int> units)
    {
        var organizationName = row[0];
        if (organizationName.Length == 0) row.Problem(0, ImportProblemCode.Required);
        else if (organizationName.Length > FieldLimits.Name) row.Problem(0, ImportProblemCode.TooLong, FieldLimits.Name.ToString(CultureInfo.InvariantCulture));

        var creditCode = CreditCode.Normalize(row[1]);
        if (CreditCode.Validate(creditCode) is { } codeError)
        {
            row.Problem(1, codeError switch
            {
                CreditCodeError.Missing => ImportProblemCode.Required,
                CreditCodeError.CheckCharacterMismatch => ImportProblemCode.CreditCodeCheckFailed,
                _ => ImportProblemCode.CreditCodeMalformed,
            }, row[1]);
        }

        var kind = Lookup(RosterVocabulary.Kinds, row[2], 2);
        var field = Lookup(RosterVocabulary.Fields, row[3], 3);
        var grade = Lookup(RosterVocabulary.Grades, row[4], 4);
        var unitName = row[5];
        if (!units.TryGetValue(unitName, out var unitId))
        {
            row.Problem(5, unitName.Length == 0 ? ImportProblemCode.Required : ImportProblemCode.UnknownSupervisingUnit, unitName);
        }

        var partyForm = Lookup(RosterVocabulary.PartyForms, row[6], 6);
        var name = row[7];
        if (name.Length == 0) row.Problem(7, ImportProblemCode.Required);
        else if (name.Length > FieldLimits.PersonName) row.Problem(7, ImportProblemCode.TooLong, FieldLimits.PersonName.ToString(CultureInfo.InvariantCulture));

        var gender = Lookup(RosterVocabulary.Genders, row[8], 8);
        var mobile = MobileNumber.Normalize(row[9]);
        if (mobile.Length == 0) row.Problem(9, ImportProblemCode.Required);
        else if (!MobileNumber.IsValid(mobile)) row.Problem(9, ImportProblemCode.InvalidMobile, mobile);

        var position = Lookup(RosterVocabulary.Positions, row[10], 10);
        var appointedOn = default(DateOnly);
        var dateText = row[11];
        if (dateText.Length == 0)
        {
            row.Problem(11, ImportProblemCode.Required);
        }
        else if (!DateOnly.TryParseExact(dateText, TabularImport.DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out appointedOn))
        {
            row.Problem(11, ImportProblemCode.InvalidDate, dateText);
        }
        else if (appointedOn > clock.Today)
        {
            row.Problem(11, ImportProblemCode.DateInFuture, dateText);
        }

        return row.HasProblems ? null : new RosterRow(row.Number, organizationName, creditCode, kind, field, grade, unitId,
            partyForm, name, gender, mobile, position, appointedOn);

        T Lookup<T>(IReadOnlyDictionary<string, T> vocabulary, string text, int column)
            where T : struct
        {
            if (vocabulary.TryGetValue(text, out var value))
            {
                return value;
            }

            row.Problem(column, text.Length == 0 ? ImportProblemCode.Required : ImportProblemCode.UnknownValue, text);
            return default;
        }
    }

    /// <summary>Rows of one organization must agree; one person (mobile) has one name and one position once.</summary>
    private static void CheckConsistency(IReadOnlyList<RosterRow> rows, List<ImportProblem> problems)
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

    private async Task<RosterImportResult> WriteAsync(IReadOnlyList<RosterRow> rows, Dictionary<string, Organization> organizations,
        Dictionary<string, Person> people, CancellationToken cancellationToken)
    {
        int organizationsCreated = 0, organizationsUpdated = 0, peopleCreated = 0, peopleUpdated = 0;
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
        var written = new List<Person>();
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

            written.Add(person);
            person.Name = first.Name;
            person.Gender = first.Gender;
            foreach (var row in group)
            {
                person.AddPosition(row.Position, row.AppointedOn);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RosterImportResult([], organizationsCreated, organizationsUpdated, peopleCreated, peopleUpdated)
        {
            PersonIds = written.Select(p => p.Id).ToList(),
        };
    }

    private sealed record RosterRow(int Number, string OrganizationName, string CreditCode, OrganizationKind Kind,
        OrganizationField Field, EvaluationGrade Grade, int UnitId, PartyOrganizationForm PartyForm, string Name,
        Gender Gender, string Mobile, PositionKind Position, DateOnly AppointedOn);
}

public sealed record RosterImportResult(IReadOnlyList<ImportProblem> Problems, int OrganizationsCreated,
    int OrganizationsUpdated, int PeopleCreated, int PeopleUpdated) : ImportResult(Problems)
{
    /// <summary>The people the file created or updated: theirs are the accounts to follow, not the whole province's.</summary>
    public IReadOnlyList<int> PersonIds { get; init; } = [];

    public static RosterImportResult Failed(params ImportProblem[] problems) => new(problems, 0, 0, 0, 0);
}
