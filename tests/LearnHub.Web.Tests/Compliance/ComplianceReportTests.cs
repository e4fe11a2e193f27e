using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Tests.Admin;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace LearnHub.Web.Tests.Compliance;

/// <summary>
/// The compliance report through the supervisor's pages and exports, on a small organization whose
/// every line is known, evaluated for 2025 (a finished year, so every status is final).
/// </summary>
public sealed class ComplianceReportTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>, IAsyncLifetime
{
    private int _organizationId;
    private int _formulaOrganizationId;
    private readonly Dictionary<string, int> _people = [];

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        if (await db.Organizations.AnyAsync(o => o.Name == "达标测试协会"))
        {
            return;
        }

        var unit = await db.SupervisingUnits.SingleAsync(u => u.Code == "sci");
        var organization = new Organization
        {
            Name = "达标测试协会", CreditCode = AdminTestData.NewCreditCode(501), Kind = OrganizationKind.SocialGroup,
            Field = OrganizationField.ScienceTechnology, Grade = EvaluationGrade.A3, PartyForm = PartyOrganizationForm.Own, SupervisingUnitId = unit.Id,
        };
        var formulas = new Organization
        {
            Name = "导出测试协会", CreditCode = AdminTestData.NewCreditCode(502), Kind = OrganizationKind.Foundation,
            Field = OrganizationField.Other, PartyForm = PartyOrganizationForm.Own, SupervisingUnitId = unit.Id,
        };
        db.Organizations.AddRange(organization, formulas);
        await db.SaveChangesAsync();
        _organizationId = organization.Id;
        _formulaOrganizationId = formulas.Id;

        Person Add(string name, string mobile, Organization at, PositionKind kind, DateOnly appointed)
        {
            var person = new Person { Name = name, Mobile = mobile, OrganizationId = at.Id };
            person.AddPosition(kind, appointed);
            db.People.Add(person);
            return person;
        }

        var a = Add("甲书记", "19900000101", organization, PositionKind.Secretary, new DateOnly(2020, 1, 1));
        var b = Add("乙党员", "19900000102", organization, PositionKind.PartyMember, new DateOnly(2018, 1, 1));
        var c = Add("丙会长", "19900000103", organization, PositionKind.Leader, new DateOnly(2019, 1, 1));
        var d = Add("丁新书记", "19900000104", organization, PositionKind.Secretary, new DateOnly(2025, 3, 1));
        Add("戊干事", "19900000105", organization, PositionKind.Staff, new DateOnly(2021, 1, 1));
        Add("=1+2", "19900000106", formulas, PositionKind.PartyMember, new DateOnly(2020, 1, 1));
        Add("@SUM(A1)", "19900000107", formulas, PositionKind.Leader, new DateOnly(2020, 1, 1));
        await db.SaveChangesAsync();

        var ledger = scope.ServiceProvider.GetRequiredService<TrainingLedger>();
        Task Credit(Person p, DateOnly date, decimal hours, bool centralized, string key) => ledger.CreditAsync(new LedgerCredit(p.Id, date, hours,
            centralized ? LedgerSource.InPersonAttendance : LedgerSource.CourseCompletion, centralized, key, key, "测试培训", TrainingLedger.System));
        await Credit(a, new DateOnly(2025, 3, 10), 22.5m, true, "t:a1");
        await Credit(a, new DateOnly(2025, 9, 1), 7.5m, true, "t:a2");
        // Lines of other years never count for 2025.
        await Credit(b, new DateOnly(2024, 12, 31), 7.5m, true, "t:b0");
        await Credit(b, new DateOnly(2025, 5, 5), 7.5m, true, "t:b1");
        await Credit(b, new DateOnly(2025, 6, 5), 10m, false, "t:b2");
        await Credit(b, new DateOnly(2026, 1, 1), 7.5m, true, "t:b3");
        // The new secretary's only training inside the six months is reversed; the one after it is too late and 0.1 day short.
        await Credit(d, new DateOnly(2025, 6, 1), 7.5m, true, "t:d1");
        var reversed = await db.LedgerEntries.SingleAsync(e => e.PersonId == d.Id && e.CreditKey == "t:d1");
        await ledger.ReverseAsync(reversed.Id, "重复登记", "test");
        await Credit(d, new DateOnly(2025, 10, 10), 21.75m, true, "t:d2");
        foreach (var p in new[] { a, b, c, d })
        {
            _people[p.Name] = p.Id;
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int> OrganizationIdAsync(string name) => _organizationId != 0 && name == "达标测试协会" ? _organizationId
        : await AdminTestData.QueryAsync(factory, db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    [Fact]
    public async Task Supervisor_report_matches_the_hand_computed_statuses()
    {
        var client = await factory.SignInAsync("supervisor@learnhub.example");
        var organization = await OrganizationIdAsync("达标测试协会");
        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/supervision/export.csv?year=2025&organization={organization}")).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("姓名,手机号,电子邮箱,社会组织,层级,培训要求,状态,完成情况,尚缺", lines[0]);
        // Each line carries the person's mobile number, so a supervisor can call; the rest is compared as computed by hand.
        Assert.All(lines.Skip(1), l => Assert.Matches("^[^,]+,1\\d{10},", l));
        lines = lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i is not 1 and not 2))).ToArray();
        string[] expected =
        [
            "丁新书记,达标测试协会,党组织书记、党员,党组织书记和班子成员年度集中培训,未达标,集中培训已完成 1 次（要求 1 次）；集中培训已参加 2.9 天（要求 3 天）,0.1 天",
            "丁新书记,达标测试协会,党组织书记、党员,党员年度集中培训,未达标,集中培训已完成 1 次（要求 2 次）,1 次集中培训",
            "丁新书记,达标测试协会,党组织书记、党员,新任党组织书记任职培训,未达标,2025-03-01 任职，须在 2025-09-01 前完成；集中培训已完成 0 次（要求 1 次）,1 次集中培训",
            "丙会长,达标测试协会,负责人,“关键少数”集中轮训,未达标,集中培训已完成 0 次（要求 1 次）,1 次集中培训",
            "乙党员,达标测试协会,党员,党员年度集中培训,未达标,集中培训已完成 1 次（要求 2 次）,1 次集中培训",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), lines.Skip(1).Order(StringComparer.Ordinal));

        var page = await client.GetStringAsync($"/supervision?year=2025&organization={organization}");
        Assert.Contains("data-testid=\"bound-count\">4<", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"compliant-count\">1<", page, StringComparison.Ordinal);
        // Three people fall short (丁 of three rules, 丙 and 乙 of one each): the heading counts people, not rules.
        Assert.Contains("data-testid=\"shortfall-count\">3<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Person_page_shows_the_reversal_and_the_year_totals()
    {
        var client = await factory.SignInAsync("supervisor@learnhub.example");
        var id = await AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Name == "丁新书记").Select(p => p.Id).SingleAsync());
        var page = await client.GetStringAsync($"/supervision/people/{id}?year=2025");
        Assert.Contains("冲销：重复登记", page, StringComparison.Ordinal);
        Assert.Contains("累计 21.75 学时；集中培训 1 次、21.75 学时，折合 2.9 天。", page, StringComparison.Ordinal);
        // A supervisor reads; only administrators get the correction forms.
        Assert.DoesNotContain("data-testid=\"adjustment-form\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_open_in_a_spreadsheet_reader_and_hold_no_live_formula()
    {
        var client = await factory.SignInAsync("supervisor@learnhub.example");
        var organization = await OrganizationIdAsync("导出测试协会");
        var xlsx = await client.GetByteArrayAsync($"/supervision/export.xlsx?year=2025&organization={organization}");
        using (var stream = new MemoryStream(xlsx))
        {
            var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(["'=1+2", "'@SUM(A1)"], rows.Select(r => r["姓名"]?.ToString()).Order(StringComparer.Ordinal));
            Assert.All(rows, r => Assert.Equal("未达标", r["状态"]));
        }

        using (var zip = new ZipArchive(new MemoryStream(xlsx)))
        {
            foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(sheet.Open());
                Assert.DoesNotContain("<f>", await reader.ReadToEndAsync(), StringComparison.Ordinal);
            }
        }

        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/supervision/export.csv?year=2025&organization={organization}"));
        Assert.Matches("\r\n'=1\\+2,1\\d{10},[^,]*,导出测试协会,", csv);
        Assert.Matches("\r\n'@SUM\\(A1\\),1\\d{10},[^,]*,导出测试协会,", csv);
        Assert.DoesNotContain("\r\n=", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Supervisor_cannot_read_another_units_people_or_organizations()
    {
        var (person, organization) = await AdminTestData.QueryAsync(factory, async db => (
            await db.People.Where(p => p.Organization!.SupervisingUnit!.Code == "health").Select(p => p.Id).FirstAsync(),
            await db.Organizations.Where(o => o.SupervisingUnit!.Code == "health").Select(o => o.Id).FirstAsync()));
        var client = await factory.SignInAsync("supervisor@learnhub.example");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/supervision/people/{person}")).StatusCode);
        // Filtering by another unit's organization shows nobody rather than its people.
        var page = await client.GetStringAsync($"/supervision?organization={organization}");
        Assert.Contains("data-testid=\"bound-count\">0<", page, StringComparison.Ordinal);

        var admin = await factory.SignInAsync("admin@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/supervision/people/{person}")).StatusCode);
    }

    [Fact]
    public async Task Trainee_is_kept_out_of_the_compliance_view()
    {
        var client = await factory.SignInAsync("trainee@learnhub.example");
        var response = await client.GetAsync("/supervision");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Admin_adds_an_adjustment_and_reverses_it_through_the_ledger()
    {
        var id = await AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Name == "丙会长").Select(p => p.Id).SingleAsync());
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var page = $"/supervision/people/{id}?year=2025";
        var response = await admin.PostAsync($"/supervision/people/{id}/adjust?year=2025", await LearnHubFactory.FormWithTokenAsync(admin, page,
            new Dictionary<string, string> { ["Date"] = "2025-11-20", ["Hours"] = "7.5", ["Centralized"] = "true", ["Reason"] = "补录省委党校轮训" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = await AdminTestData.QueryAsync(factory, db => db.LedgerEntries.SingleAsync(e => e.PersonId == id && e.Note == "补录省委党校轮训"));
        Assert.Equal((LedgerSource.ManualAdjustment, 7.5m, true), (entry.Source, entry.Hours, entry.Centralized));
        Assert.Contains("data-rule=\"key-minority\" data-status=\"Met\"", await admin.GetStringAsync(page), StringComparison.Ordinal);

        response = await admin.PostAsync($"/supervision/people/{id}/entries/{entry.Id}/reverse", await LearnHubFactory.FormWithTokenAsync(admin, page,
            new Dictionary<string, string> { ["year"] = "2025", ["reason"] = "录入有误" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("data-rule=\"key-minority\" data-status=\"NotMet\"", await admin.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Equal(2, await AdminTestData.QueryAsync(factory, db => db.LedgerEntries.CountAsync(e => e.PersonId == id)));
    }

    /// <summary>The demo trainee's ledger notes of a year.</summary>
    private Task<List<string>> TraineeNotesAsync(int year) => AdminTestData.QueryAsync(factory, db => db.LedgerEntries
        .Where(e => e.Person!.Mobile == "13800000001" && e.Date >= new DateOnly(year, 1, 1) && e.Date <= new DateOnly(year, 12, 31))
        .OrderBy(e => e.Date).Select(e => e.Note).ToListAsync());

    [Fact]
    public async Task Trainee_transcript_is_a_pdf_with_their_name_in_it()
    {
        var client = await factory.SignInAsync("trainee@learnhub.example");
        var year = factory.Programme.Year;
        var response = await client.GetAsync($"/my/hours/transcript.pdf?year={year}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // The CJK font is embedded as a subset: the whole face would be over 2 MB.
        Assert.InRange(bytes.Length, 1_000, 500_000);
        var path = Path.Combine(Path.GetTempPath(), $"learnhub-transcript-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            using var pdftotext = Process.Start(new ProcessStartInfo("pdftotext", [path, "-"]) { RedirectStandardOutput = true })!;
            var text = await pdftotext.StandardOutput.ReadToEndAsync();
            await pdftotext.WaitForExitAsync();
            Assert.Equal(0, pdftotext.ExitCode);
            Assert.Contains("许明哲", text, StringComparison.Ordinal);
            Assert.Contains("省人工智能学会", text, StringComparison.Ordinal);
            Assert.Contains((await TraineeNotesAsync(year))[0], text.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task My_hours_shows_the_trainees_rules_and_lines()
    {
        var client = await factory.SignInAsync("trainee@learnhub.example");
        var year = factory.Programme.Year;
        var page = await client.GetStringAsync($"/my/hours?year={year}");
        // The demo trainee became secretary some three months ago and has had no centralized training since:
        // the new-secretary rule is due by six months after the appointment.
        var appointed = await AdminTestData.QueryAsync(factory, db => db.Set<PersonPosition>()
            .Where(p => p.Kind == PositionKind.Secretary && db.People.Any(x => x.Id == p.PersonId && x.Mobile == "13800000001"))
            .Select(p => p.AppointedOn).SingleAsync());
        Assert.Contains("data-rule=\"new-secretary\" data-status=\"Due\"", page, StringComparison.Ordinal);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Contains($"{appointed.ToString("yyyy-MM-dd", inv)} 任职，须在 {appointed.AddMonths(6).ToString("yyyy-MM-dd", inv)} 前完成", page, StringComparison.Ordinal);

        // Each year's page lists that year's lines and no other year's.
        var thisYear = await TraineeNotesAsync(year);
        var lastYear = (await TraineeNotesAsync(year - 1)).Except(thisYear).ToList();
        Assert.NotEmpty(thisYear);
        Assert.NotEmpty(lastYear);
        Assert.All(thisYear, note => Assert.Contains(System.Net.WebUtility.HtmlEncode(note), page, StringComparison.Ordinal));
        var earlier = await client.GetStringAsync($"/my/hours?year={year - 1}");
        Assert.All(lastYear, note => Assert.Contains(System.Net.WebUtility.HtmlEncode(note), earlier, StringComparison.Ordinal));
        Assert.All(lastYear, note => Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(note), page, StringComparison.Ordinal));
    }
}
