using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LearnHub.Courses.Data;
using LearnHub.Web.Tests.Admin;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Tests.Compliance;

/// <summary>
/// /api/v1/me/hours, /api/v1/reports/compliance and /api/v1/ledger/import with access tokens issued by
/// LearnHub's own OpenIddict server to the CLI client (authorization code + PKCE), as a real client gets them.
/// </summary>
public sealed class HoursApiTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Header = "手机号,姓名,统一社会信用代码,培训日期,学时,集中培训,培训名称,证书编号";

    [Fact]
    public async Task Trainee_reads_their_own_hours_with_a_bearer_token()
    {
        var token = await TokenAsync("trainee@learnhub.example");
        using var response = await OidcClient.GetWithTokenAsync(factory.CreateClient(), "/api/v1/me/hours?year=2026", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2026, body.RootElement.GetProperty("year").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("rules").ValueKind);
    }

    [Fact]
    public async Task Hours_need_a_token()
    {
        using var response = await factory.CreateClient().GetAsync("/api/v1/me/hours");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Supervisor_report_holds_only_their_units_people_and_refuses_another_units_organization()
    {
        var (own, other) = await AdminTestData.QueryAsync(factory, async db =>
        {
            var unit = await db.SupervisingUnits.SingleAsync(u => u.Code == "sci");
            var mine = await db.Organizations.Where(o => o.SupervisingUnitId == unit.Id).Select(o => o.Id).ToListAsync();
            var foreign = await db.Organizations.Where(o => o.SupervisingUnitId != unit.Id).Select(o => o.Id).FirstAsync();
            return (mine, foreign);
        });
        var token = await TokenAsync("supervisor@learnhub.example");
        var client = factory.CreateClient();

        using (var response = await OidcClient.GetWithTokenAsync(client, "/api/v1/reports/compliance?year=2026", token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var people = body.RootElement.GetProperty("people").EnumerateArray().ToList();
            Assert.NotEmpty(people);
            Assert.All(people, p => Assert.Contains(p.GetProperty("organizationId").GetInt32(), own));
            Assert.All(body.RootElement.GetProperty("byOrganization").EnumerateArray(), o => Assert.Contains(o.GetProperty("organizationId").GetInt32(), own));
        }

        using (var response = await OidcClient.GetWithTokenAsync(client, $"/api/v1/reports/compliance?year=2026&organizationId={other}", token))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var response = await OidcClient.GetWithTokenAsync(client, $"/api/v1/reports/compliance?year=2026&organizationId={own[0]}", token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Trainee_cannot_read_the_compliance_report()
    {
        var token = await TokenAsync("trainee@learnhub.example");
        using var response = await OidcClient.GetWithTokenAsync(factory.CreateClient(), "/api/v1/reports/compliance?year=2026", token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Admin_imports_records_that_show_in_the_trainees_hours_and_a_bad_file_writes_nothing()
    {
        var admin = await TokenAsync("admin@learnhub.example");
        var client = factory.CreateClient();

        using (var bad = await ImportAsync(client, admin, $"{Header}\n13800000001,,,2026-03-02,2,否,接口导入坏文件,API-BAD-1\n19999999999,,,2026-03-02,2,否,接口导入坏文件,API-BAD-2\n"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using var body = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            Assert.Equal(0, body.RootElement.GetProperty("credited").GetInt32());
            var problem = Assert.Single(body.RootElement.GetProperty("problems").EnumerateArray());
            Assert.Equal(3, problem.GetProperty("row").GetInt32());
        }

        using (var good = await ImportAsync(client, admin, $"{Header}\n13800000001,,,2026-03-01,2,否,接口导入测试课程,API-TEST-1\n"))
        {
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
            using var body = JsonDocument.Parse(await good.Content.ReadAsStringAsync());
            Assert.Equal(1, body.RootElement.GetProperty("credited").GetInt32() + body.RootElement.GetProperty("alreadyRecorded").GetInt32());
        }

        var trainee = await TokenAsync("trainee@learnhub.example");
        using var hours = await OidcClient.GetWithTokenAsync(client, "/api/v1/me/hours?year=2026", trainee);
        var text = await hours.Content.ReadAsStringAsync();
        Assert.Contains("接口导入测试课程", text, StringComparison.Ordinal);
        Assert.DoesNotContain("接口导入坏文件", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Supervisor_cannot_import_records()
    {
        var token = await TokenAsync("supervisor@learnhub.example");
        using var response = await ImportAsync(factory.CreateClient(), token, $"{Header}\n13800000001,,,2026-03-03,2,否,主管不得导入,API-SUP-1\n");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private Task<string> TokenAsync(string email) => OidcClient.AccessTokenAsync(factory, email);

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string token, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ledger/import");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "records.csv");
        request.Content = content;
        return await client.SendAsync(request);
    }
}
