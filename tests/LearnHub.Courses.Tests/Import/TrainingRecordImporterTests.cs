using System.Text;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Import;

/// <summary>External training records into the ledger on a real SQLite file: all rows or none, problems by row and column.</summary>
public sealed class TrainingRecordImporterTests : IAsyncLifetime
{
    private const string Header = "手机号,姓名,统一社会信用代码,培训日期,学时,集中培训,培训名称,证书编号";
    private static readonly string Code = "51510000MJ0000002" + CreditCode.CheckCharacter("51510000MJ0000002");
    private readonly ScratchDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        var organization = new Organization { Name = "乙协会", CreditCode = Code, SupervisingUnit = new SupervisingUnit { Code = "civil", Name = "省民政厅" } };
        db.People.AddRange(new Person { Name = "周宁", Mobile = "13711110011", Organization = organization },
            new Person { Name = "吴桐", Mobile = "13711110012", Organization = organization });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    private SqliteCoursesDbContext NewContext() => _database.NewContext();

    private async Task<TrainingImportResult> ImportAsync(params string[] lines)
    {
        await using var db = NewContext();
        var importer = new TrainingRecordImporter(db, new TrainingLedger(db, _clock), _clock.Programme());
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", [Header, .. lines])));
        return await importer.ImportAsync(stream, "records.csv", "tester", CancellationToken.None);
    }

    [Fact]
    public async Task Good_rows_are_credited_once_even_when_the_file_is_imported_twice()
    {
        string[] rows = ["13711110011,,,2026-03-18,15,是,党务工作者能力提升班,SXDX-1", $",吴桐,{Code},2026/4/9,7.5,否,在线专题学习,"];
        var first = await ImportAsync(rows);
        Assert.True(first.Succeeded);
        Assert.Equal((2, 0), (first.Credited, first.AlreadyRecorded));
        var again = await ImportAsync(rows);
        Assert.Equal((0, 2), (again.Credited, again.AlreadyRecorded));

        await using var db = NewContext();
        var entries = await db.LedgerEntries.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(LedgerSource.ExternalRecord, e.Source));
        Assert.Equal((true, 15m, "SXDX-1"), (entries[0].Centralized, entries[0].Hours, entries[0].Reference));
        Assert.Equal((false, new DateOnly(2026, 4, 9)), (entries[1].Centralized, entries[1].Date));
    }

    [Fact]
    public async Task A_file_with_any_bad_row_credits_nothing_and_names_each_problem()
    {
        var result = await ImportAsync(
            "13711110011,,,2026-03-18,15,是,党务工作者能力提升班,",
            "13799999999,,,2026-03-18,15,是,培训班,",
            "13711110012,,,2026-13-01,0.3,也许,培训班,",
            ",,,2026-03-18,2,否,培训班,",
            "13711110011,,,2026-12-30,2,否,培训班,",
            "13711110011,,,2026-03-18,15,是,党务工作者能力提升班,");
        Assert.False(result.Succeeded);
        Assert.Equal(
            [(3, "手机号", ImportProblemCode.UnknownPerson), (4, "培训日期", ImportProblemCode.InvalidDate), (4, "学时", ImportProblemCode.InvalidHours),
             (4, "集中培训", ImportProblemCode.UnknownValue), (5, "手机号", ImportProblemCode.PersonNotIdentified),
             (6, "培训日期", ImportProblemCode.TrainingDateInFuture), (7, "培训名称", ImportProblemCode.DuplicateRecord)],
            result.Problems.Select(p => (p.Row, p.Column, p.Code)));
        await using var db = NewContext();
        Assert.Empty(await db.LedgerEntries.ToListAsync());
    }

    [Fact]
    public async Task A_file_without_the_hours_column_is_refused_before_any_row()
    {
        await using var db = NewContext();
        var importer = new TrainingRecordImporter(db, new TrainingLedger(db, _clock), _clock.Programme());
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("手机号,培训日期,集中培训,培训名称\n13711110011,2026-03-18,是,培训班\n"));
        var result = await importer.ImportAsync(stream, "records.csv", "tester", CancellationToken.None);
        Assert.Equal((1, "学时", ImportProblemCode.MissingColumn), (result.Problems.Single().Row, result.Problems.Single().Column, result.Problems.Single().Code));
    }
}
