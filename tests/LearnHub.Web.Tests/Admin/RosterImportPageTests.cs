using System.Net;
using System.Text;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Tests.Admin;

public sealed class RosterImportPageTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Header = "组织名称,统一社会信用代码,组织类型,所属领域,评估等级,业务主管单位,党组织形式,姓名,性别,手机号,职务,任职日期";

    private static string Row(string organization, string code, string name, string mobile, string position = "负责人", string date = "2024-03-01") =>
        $"{organization},{code},社会团体,民生,3A,省民政厅,独立党组织,{name},女,{mobile},{position},{date}";

    private async Task<(HttpResponseMessage Response, string Html)> UploadAsync(byte[] content, string fileName)
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var page = await client.GetStringAsync("/admin/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(LearnHubFactory.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "file", fileName },
        };
        var response = await client.PostAsync("/admin/import", form);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Good_csv_imports_and_shows_the_summary()
    {
        var code = AdminTestData.NewCreditCode(11);
        var csv = string.Join("\r\n", Header,
            Row("导入测试服务中心", code, "林晓", "13711110001"),
            Row("导入测试服务中心", code, "林晓", "13711110001", "法定代表人"),
            Row("导入测试服务中心", code, "周航", "13711110002", "党员", "2019/5/4"));
        var organizations = await AdminTestData.OrganizationCountAsync(factory);
        var people = await AdminTestData.PeopleCountAsync(factory);

        var (response, html) = await UploadAsync(Encoding.UTF8.GetBytes(csv), "roster.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"import-succeeded\"", html, StringComparison.Ordinal);
        Assert.Contains("新增社会组织：1", html, StringComparison.Ordinal);
        Assert.Contains("新增人员：2", html, StringComparison.Ordinal);
        Assert.Equal(organizations + 1, await AdminTestData.OrganizationCountAsync(factory));
        Assert.Equal(people + 2, await AdminTestData.PeopleCountAsync(factory));
    }

    [Fact]
    public async Task Csv_with_one_bad_row_imports_nothing_and_names_the_row_and_reason()
    {
        var code = AdminTestData.NewCreditCode(12);
        var csv = string.Join("\r\n", Header,
            Row("坏行测试协会", code, "甲", "13722220001"),
            Row("坏行测试协会", code, "乙", "1372222"),
            Row("坏行测试协会", code, "丙", "13722220003"));
        var organizations = await AdminTestData.OrganizationCountAsync(factory);
        var people = await AdminTestData.PeopleCountAsync(factory);

        var (_, html) = await UploadAsync(Encoding.UTF8.GetBytes(csv), "roster.csv");

        Assert.Contains("data-testid=\"import-problems\"", html, StringComparison.Ordinal);
        Assert.Matches(@"<td>3</td>\s*<td class=""text-nowrap"">手机号</td>\s*<td>手机号“1372222”不是有效的 11 位手机号。</td>", html);
        Assert.Equal(organizations, await AdminTestData.OrganizationCountAsync(factory));
        Assert.Equal(people, await AdminTestData.PeopleCountAsync(factory));
        Assert.False(await AdminTestData.QueryAsync(factory, db => db.People.AnyAsync(p => p.Mobile == "13722220001")));
    }

    [Fact]
    public async Task Text_file_renamed_xlsx_gets_a_clear_message()
    {
        var (response, html) = await UploadAsync(Encoding.UTF8.GetBytes("this is not a workbook"), "名册.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("无法读取文件“名册.xlsx”", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_extension_is_named()
    {
        var (_, html) = await UploadAsync([1, 2, 3], "roster.pdf");
        Assert.Contains("请上传 .xlsx 或 .csv 文件", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Templates_download_and_the_xlsx_template_imports_cleanly_as_a_roster()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var csv = await client.GetByteArrayAsync("/admin/import/template.csv");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        Assert.StartsWith(Header, Encoding.UTF8.GetString(csv[3..]), StringComparison.Ordinal);

        var xlsx = await client.GetAsync("/admin/import/template.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
        var file = LearnHub.Courses.Import.TabularFile.Read(new MemoryStream(bytes), "template.xlsx", LearnHub.Courses.Registry.Import.RosterImporter.MaxRows);
        Assert.Equal(Header.Split(','), file.Header);
        Assert.Single(file.Rows);
        Assert.Null(LearnHub.Courses.Registry.Organizations.CreditCode.Validate(file.Rows[0].Cells[1]));
    }
}
