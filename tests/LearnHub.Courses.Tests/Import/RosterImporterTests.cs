using System.Text;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;

namespace LearnHub.Courses.Tests.Import;

/// <summary>The roster importer against a real SQLite file with the real migrations.</summary>
public sealed class RosterImporterTests : IAsyncLifetime
{
    private const string Unit = "省民政厅";
    private static readonly string[] Header = RosterImporter.Columns.Select(c => c.Chinese).ToArray();
    private static readonly string CodeA = Code("0000001");
    private static readonly string CodeB = Code("0000002");

    private readonly ScratchDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private CoursesDbContext _db = null!;

    public async Task InitializeAsync()
    {
        _db = NewContext();
        await _db.Database.MigrateAsync();
        _db.SupervisingUnits.Add(new SupervisingUnit { Code = "civil", Name = Unit });
        await _db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DeleteAsync();
    }

    private SqliteCoursesDbContext NewContext() => _database.NewContext();

    private static string Code(string serial)
    {
        var first17 = "51510000MJ" + serial;
        return first17 + CreditCode.CheckCharacter(first17);
    }

    private static string[] Row(string organization, string code, string name, string mobile, string position = "负责人", string date = "2024-03-01") =>
        [organization, code, "社会团体", "民生", "3A", Unit, "独立党组织", name, "女", mobile, position, date];

    private static string[][] GoodRows() =>
    [
        Row("甲协会", CodeA, "林晓", "13711110001", "党组织书记", "2026-06-01"),
        Row("甲协会", CodeA, "林晓", "13711110001", "负责人"),
        Row("甲协会", CodeA, "周航", "13711110002", "党员", "2019/5/4"),
        Row("乙基金会", CodeB, "陈一", "13711110003", "从业人员", "20250102"),
    ];

    private static byte[] Csv(IEnumerable<string[]> rows) =>
        Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join("\r\n", new[] { Header }.Concat(rows).Select(r => string.Join(',', r))))).ToArray();

    private static byte[] Xlsx(IEnumerable<string[]> rows)
    {
        var sheet = rows.Select(r => Header.Select((h, i) => (h, (object)r[i])).ToDictionary(p => p.h, p => p.Item2)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private async Task<RosterImportResult> ImportAsync(byte[] bytes, string fileName)
    {
        // A fresh context per import, as a request would have.
        await using var db = NewContext();
        return await new RosterImporter(db, _clock.Programme()).ImportAsync(new MemoryStream(bytes), fileName, CancellationToken.None);
    }

    private async Task<RosterImportResult> ImportCsvAsync(params string[][] rows) => await ImportAsync(Csv(rows), "roster.csv");

    private async Task<(int Organizations, int People)> CountsAsync()
    {
        await using var db = NewContext();
        return (await db.Organizations.CountAsync(), await db.People.CountAsync());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Good_file_creates_organizations_and_people_with_positions_and_tiers(string format)
    {
        var rows = GoodRows();
        var result = format == "csv" ? await ImportAsync(Csv(rows), "名册.csv") : await ImportAsync(Xlsx(rows), "名册.xlsx");

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal((2, 0, 3, 0), (result.OrganizationsCreated, result.OrganizationsUpdated, result.PeopleCreated, result.PeopleUpdated));
        await using var db = NewContext();
        var lin = await db.People.Include(p => p.Positions).Include(p => p.Organization).SingleAsync(p => p.Mobile == "13711110001");
        Assert.Equal("甲协会", lin.Organization!.Name);
        Assert.Equal(CodeA, lin.Organization.CreditCode);
        Assert.Equal(Tier.Leaders | Tier.Secretaries | Tier.Members, lin.Tiers);
        Assert.Contains(lin.Positions, p => p.Kind == PositionKind.Secretary && p.AppointedOn == new DateOnly(2026, 6, 1));
        var zhou = await db.People.Include(p => p.Positions).SingleAsync(p => p.Mobile == "13711110002");
        Assert.Equal(new DateOnly(2019, 5, 4), zhou.Positions.Single().AppointedOn);
        var chen = await db.People.Include(p => p.Positions).SingleAsync(p => p.Mobile == "13711110003");
        Assert.Equal(new DateOnly(2025, 1, 2), chen.Positions.Single().AppointedOn);
        Assert.Equal(Tier.Staff, chen.Tiers);
    }

    [Fact]
    public async Task A_mobile_written_with_dashes_or_country_code_finds_the_same_person()
    {
        Assert.True((await ImportCsvAsync(GoodRows())).Succeeded);
        var again = await ImportCsvAsync(
            Row("甲协会", CodeA, "林晓", "137-1111-0001", "党组织书记", "2026-06-01"),
            Row("甲协会", CodeA, "周航", "+86 137 1111 0002", "党员", "2019/5/4"),
            Row("乙基金会", CodeB, "陈一", "００８６１３７１１１１０００３", "从业人员", "20250102"));
        Assert.True(again.Succeeded, string.Join("; ", again.Problems));
        Assert.Equal((0, 3), (again.PeopleCreated, again.PeopleUpdated));
        Assert.Equal((2, 3), await CountsAsync());
    }

    [Fact]
    public async Task Importing_the_same_file_again_updates_instead_of_duplicating()
    {
        Assert.True((await ImportCsvAsync(GoodRows())).Succeeded);
        var again = await ImportCsvAsync(GoodRows());
        Assert.True(again.Succeeded);
        Assert.Equal((0, 2, 0, 3), (again.OrganizationsCreated, again.OrganizationsUpdated, again.PeopleCreated, again.PeopleUpdated));
        Assert.Equal((2, 3), await CountsAsync());
    }

    [Theory]
    [InlineData(1, "51510000MJ00000019", ImportProblemCode.CreditCodeCheckFailed, "统一社会信用代码")]
    [InlineData(1, "5151000", ImportProblemCode.CreditCodeMalformed, "统一社会信用代码")]
    [InlineData(1, "", ImportProblemCode.Required, "统一社会信用代码")]
    [InlineData(2, "股份公司", ImportProblemCode.UnknownValue, "组织类型")]
    [InlineData(3, "航天", ImportProblemCode.UnknownValue, "所属领域")]
    [InlineData(5, "省不存在厅", ImportProblemCode.UnknownSupervisingUnit, "业务主管单位")]
    [InlineData(9, "1371111", ImportProblemCode.InvalidMobile, "手机号")]
    [InlineData(9, "12711110009", ImportProblemCode.InvalidMobile, "手机号")]
    [InlineData(10, "董事长", ImportProblemCode.UnknownValue, "职务")]
    [InlineData(11, "2024-13-45", ImportProblemCode.InvalidDate, "任职日期")]
    [InlineData(11, "去年", ImportProblemCode.InvalidDate, "任职日期")]
    [InlineData(11, "2026-11-24", ImportProblemCode.DateInFuture, "任职日期")]
    [InlineData(7, "", ImportProblemCode.Required, "姓名")]
    public async Task One_bad_cell_among_good_rows_is_reported_with_its_row_and_nothing_is_written(int column, string value,
        ImportProblemCode expected, string columnName)
    {
        var rows = GoodRows();
        // Row 4 in the spreadsheet (header is row 1): a new person so only the bad cell is wrong.
        rows[2] = Row("甲协会", CodeA, "周航", "13711110002", "党员", "2019/5/4");
        rows[2][column] = value;
        if (column == 1)
        {
            rows[2][0] = "丙协会";
        }

        var result = await ImportCsvAsync(rows);

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((4, columnName, expected), (problem.Row, problem.Column, problem.Code));
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Conflicting_rows_of_one_organization_are_refused()
    {
        var rows = GoodRows();
        rows[2][4] = "5A";
        var result = await ImportCsvAsync(rows);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((4, ImportProblemCode.OrganizationConflict, "2"), (problem.Row, problem.Code, problem.Value));
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Same_mobile_with_another_name_in_the_file_is_refused()
    {
        var rows = GoodRows();
        rows[2][9] = "13711110001";
        var result = await ImportCsvAsync(rows);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((4, "手机号", ImportProblemCode.MobileBelongsToAnotherPerson, "林晓"), (problem.Row, problem.Column, problem.Code, problem.Value));
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Same_mobile_with_another_name_in_the_database_is_refused()
    {
        Assert.True((await ImportCsvAsync(GoodRows())).Succeeded);
        var result = await ImportCsvAsync(Row("乙基金会", CodeB, "陈二", "13711110003", "志愿者"));
        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, ImportProblemCode.MobileBelongsToAnotherPerson, "陈一"), (problem.Row, problem.Code, problem.Value));
    }

    [Fact]
    public async Task Known_person_listed_under_another_organization_is_refused()
    {
        Assert.True((await ImportCsvAsync(GoodRows())).Succeeded);
        var result = await ImportCsvAsync(Row("乙基金会", CodeB, "林晓", "13711110001", "志愿者"));
        Assert.Equal(ImportProblemCode.PersonInAnotherOrganization, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public async Task Duplicate_position_of_one_person_is_refused()
    {
        var rows = GoodRows().Append(Row("甲协会", CodeA, "周航", "13711110002", "党员", "2019/5/4")).ToArray();
        var result = await ImportCsvAsync(rows);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((6, "职务", ImportProblemCode.DuplicatePerson, "4"), (problem.Row, problem.Column, problem.Code, problem.Value));
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Every_bad_row_is_listed_in_row_order()
    {
        var rows = GoodRows();
        rows[0][9] = "123";
        rows[3][11] = "明天";
        var result = await ImportCsvAsync(rows);
        Assert.Equal([2, 5], result.Problems.Select(p => p.Row));
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task A_bad_row_in_an_xlsx_file_writes_nothing_either()
    {
        var rows = GoodRows();
        rows[1][2] = "公司";
        var result = await ImportAsync(Xlsx(rows), "roster.xlsx");
        Assert.Equal((3, ImportProblemCode.UnknownValue), (Assert.Single(result.Problems).Row, result.Problems[0].Code));
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Missing_column_is_named()
    {
        var csv = Encoding.UTF8.GetBytes("组织名称,统一社会信用代码\r\n甲协会," + CodeA);
        var result = await ImportAsync(csv, "roster.csv");
        Assert.Contains(result.Problems, p => p.Code == ImportProblemCode.MissingColumn && p.Value == "组织类型");
    }

    [Fact]
    public async Task Text_file_named_xlsx_is_unreadable()
    {
        var result = await ImportAsync(Encoding.UTF8.GetBytes("not a workbook"), "roster.xlsx");
        Assert.Equal(ImportProblemCode.UnreadableFile, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public async Task Other_extensions_are_unsupported()
    {
        var result = await ImportAsync([1, 2, 3], "roster.pdf");
        Assert.Equal(ImportProblemCode.UnsupportedFileType, Assert.Single(result.Problems).Code);
    }
}
