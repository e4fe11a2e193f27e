using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.LectureHall.Classes.Certificates;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace LearnHub.Web.Tests.Classes;

/// <summary>Completion certificates through the pages: the trainee's download, the public verification, revocation by an administrator.</summary>
public sealed class CertificatePagesTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private async Task<T> QueryAsync<T>(Func<CoursesDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    private async Task<int> PersonOfAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.PersonId!.Value;
    }

    /// <summary>A class held a month ago that the person completed: its series and the class credit its settlement makes.</summary>
    private async Task<(int ClassId, long CreditId)> FinishedClassAsync(string email, string title)
    {
        var personId = await PersonOfAsync(email);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var lastDay = factory.Programme.Today.AddDays(-30);
        var series = new LectureHallSeries { Title = title, Year = lastDay.Year, IsClass = true };
        db.LectureHallSeries.Add(series);
        await db.SaveChangesAsync();
        var trainingClass = new TrainingClass
        {
            Title = title, Kind = ClassKind.InPerson, StartsOn = lastDay.AddDays(-1), EndsOn = lastDay, Capacity = 20, SeriesId = series.Id,
        };
        db.TrainingClasses.Add(trainingClass);
        await db.SaveChangesAsync();
        var reference = LedgerReference.ForClass(series.Id).Value;
        await scope.ServiceProvider.GetRequiredService<TrainingLedger>().CreditAsync(new LedgerCredit(personId, lastDay, 12m,
            LedgerSource.InPersonAttendance, true, reference, reference, title, TrainingLedger.System));
        var credit = await db.LedgerEntries.Where(e => e.PersonId == personId && e.CreditKey == reference).Select(e => e.Id).SingleAsync();
        return (trainingClass.Id, credit);
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"learnhub-certificate-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            return await RunAsync("pdftotext", "-raw", path, "-");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string SerialIn(string text) => Regex.Match(text, @"LH-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}").Value;

    [Fact]
    public async Task A_trainee_downloads_their_certificate_once_issued_and_the_public_page_shows_only_the_masked_name()
    {
        var (classId, _) = await FinishedClassAsync("trainee2@learnhub.example", "社会组织财务管理专题班");
        var trainee = await factory.SignInAsync("trainee2@learnhub.example");
        Assert.Contains($"/classes/{classId}/certificate.pdf", await trainee.GetStringAsync($"/classes/{classId}"), StringComparison.Ordinal);

        var response = await trainee.GetAsync($"/classes/{classId}/certificate.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = await PdfTextAsync(await response.Content.ReadAsByteArrayAsync());
        var name = await QueryAsync(db => db.ClassCertificates.Where(c => c.ClassId == classId).Select(c => c.Person!.Name).SingleAsync());
        // The paragraph wraps where the page ends: read it without the line breaks and spaces.
        var joined = Regex.Replace(text, @"\s+", "");
        foreach (var expected in new[] { "结业证书", name, "社会组织财务管理专题班", "累计12学时", "折合集中培训1.6天", "社会组织人才培训项目", "证书编号" })
        {
            Assert.Contains(expected, joined, StringComparison.Ordinal);
        }

        var issued = factory.Programme.Today;
        Assert.Contains($"{issued.Year}年{issued.Month}月{issued.Day}日", joined, StringComparison.Ordinal);
        var serial = SerialIn(text);
        Assert.Equal(serial, await QueryAsync(db => db.ClassCertificates.Where(c => c.ClassId == classId).Select(c => c.Serial).SingleAsync()));
        Assert.Contains("http://localhost/verify/" + serial, text, StringComparison.Ordinal);

        // Downloading again hands out the same certificate; "my hours" lists it.
        Assert.Equal(serial, SerialIn(await PdfTextAsync(await trainee.GetByteArrayAsync($"/classes/{classId}/certificate.pdf"))));
        Assert.Equal(1, await QueryAsync(db => db.ClassCertificates.CountAsync(c => c.ClassId == classId)));
        Assert.Contains(serial, await trainee.GetStringAsync("/my/hours"), StringComparison.Ordinal);

        // Anyone, signed in or not, sees that it is genuine with the masked name, and nothing more of the person.
        var anonymous = factory.CreateBrowser();
        var page = await anonymous.GetAsync("/verify/" + serial.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var details = await QueryAsync(db => db.People.Where(p => p.Name == name).Select(p => new { p.Mobile, Organization = p.Organization!.Name }).FirstAsync());
        Assert.Contains("data-status=\"Genuine\"", html, StringComparison.Ordinal);
        Assert.Contains(ClassCertificates.MaskName(name), html, StringComparison.Ordinal);
        Assert.Contains("社会组织财务管理专题班", html, StringComparison.Ordinal);
        Assert.DoesNotContain(name, html, StringComparison.Ordinal);
        Assert.DoesNotContain(details.Mobile, html, StringComparison.Ordinal);
        Assert.DoesNotContain(details.Organization, html, StringComparison.Ordinal);

        // The form at /verify takes a typed serial to its page.
        var typed = await anonymous.GetAsync("/verify?serial=" + Uri.EscapeDataString(serial));
        Assert.Equal("/verify/" + serial, typed.Headers.Location?.OriginalString);
    }

    [Fact]
    [Trait("Category", "MediaTools")]
    public async Task The_qr_code_on_the_certificate_opens_its_verification_page_without_signing_in()
    {
        var (classId, _) = await FinishedClassAsync("contact@learnhub.example", "社会组织信息公开专题班");
        var contact = await factory.SignInAsync("contact@learnhub.example");
        var pdf = await contact.GetByteArrayAsync($"/classes/{classId}/certificate.pdf");
        var decoded = QrImage.Decode(await QrImage.FirstPageAsync(pdf));
        Assert.NotNull(decoded);
        var url = new Uri(decoded);
        var serial = await QueryAsync(db => db.ClassCertificates.Where(c => c.ClassId == classId).Select(c => c.Serial).SingleAsync());
        Assert.Equal("/verify/" + serial, url.AbsolutePath);

        var html = await factory.CreateBrowser().GetStringAsync(url.PathAndQuery);
        Assert.Contains("data-status=\"Genuine\"", html, StringComparison.Ordinal);
        Assert.Contains("社会组织信息公开专题班", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_of_an_unfinished_class_is_refused_with_the_reason()
    {
        var demoClass = await QueryAsync(db => db.TrainingClasses.Where(c => c.Title == "社会组织党组织书记示范培训班").Select(c => c.Id).SingleAsync());
        var trainee = await factory.SignInAsync("trainee@learnhub.example");

        var response = await trainee.GetAsync($"/classes/{demoClass}/certificate.pdf");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/classes/{demoClass}", response.Headers.Location?.OriginalString);
        Assert.Contains("您尚未完成本班的学习", await trainee.GetStringAsync($"/classes/{demoClass}"), StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.ClassCertificates.AnyAsync(c => c.ClassId == demoClass)));
    }

    [Fact]
    public async Task An_administrator_revokes_from_the_class_plan_with_a_reason_audited_and_told_and_verification_says_revoked()
    {
        var (classId, _) = await FinishedClassAsync("trainee@learnhub.example", "社会组织换届选举专题班");
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var serial = SerialIn(await PdfTextAsync(await trainee.GetByteArrayAsync($"/classes/{classId}/certificate.pdf")));
        var certificateId = await QueryAsync(db => db.ClassCertificates.Where(c => c.Serial == serial).Select(c => c.Id).SingleAsync());
        var revoke = $"/admin/certificates/{certificateId}/revoke";

        // Not a trainee's to revoke.
        var refused = await trainee.PostAsync(revoke, await LearnHubFactory.FormWithTokenAsync(trainee, $"/classes/{classId}", new() { ["reason"] = "x" }));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("/admin/classes", refused.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        var admin = await factory.SignInAsync("admin@learnhub.example");
        var plan = await admin.GetStringAsync($"/admin/classes/{classId}");
        Assert.Contains(serial, plan, StringComparison.Ordinal);
        var blank = await admin.PostAsync(revoke, await LearnHubFactory.FormWithTokenAsync(admin, $"/admin/classes/{classId}", new() { ["reason"] = " " }));
        Assert.Equal(HttpStatusCode.Redirect, blank.StatusCode);
        Assert.Contains("请填写撤销原因", await admin.GetStringAsync($"/admin/classes/{classId}"), StringComparison.Ordinal);

        var done = await admin.PostAsync(revoke, await LearnHubFactory.FormWithTokenAsync(admin, $"/admin/classes/{classId}", new() { ["reason"] = "结业测验成绩登记有误" }));

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var html = await factory.CreateBrowser().GetStringAsync("/verify/" + serial);
        Assert.Contains("data-status=\"Revoked\"", html, StringComparison.Ordinal);
        Assert.Contains(factory.Programme.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.DoesNotContain("结业测验成绩登记有误", html, StringComparison.Ordinal);
        Assert.DoesNotContain("社会组织换届选举专题班", html, StringComparison.Ordinal);
        var userId = (await factory.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync("trainee@learnhub.example"))!.Id;
        Assert.True(await QueryAsync(db => db.Notifications.AnyAsync(n => n.UserId == userId && n.MessageKey == "Certificate.Notice.Revoked"
            && n.Arguments.Contains("结业测验成绩登记有误"))));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>().AuditLog
            .AnyAsync(a => a.Action == AuditAction.CertificateRevoked && a.Target == $"certificate:{certificateId}" && a.Detail.Contains(serial)));
        // The trainee's list says it was revoked and why, and offers no download.
        Assert.Contains("结业测验成绩登记有误", await trainee.GetStringAsync("/my/hours"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reversing_the_class_credit_revokes_the_certificate_and_unknown_or_altered_serials_say_so()
    {
        var (classId, creditId) = await FinishedClassAsync("contact@learnhub.example", "社会组织年度报告专题班");
        var contact = await factory.SignInAsync("contact@learnhub.example");
        var serial = SerialIn(await PdfTextAsync(await contact.GetByteArrayAsync($"/classes/{classId}/certificate.pdf")));
        var anonymous = factory.CreateBrowser();

        var altered = serial[..^1] + (serial[^1] == '7' ? '8' : '7');
        Assert.Contains("data-status=\"Altered\"", await anonymous.GetStringAsync("/verify/" + altered), StringComparison.Ordinal);
        Assert.Contains("data-status=\"Malformed\"", await anonymous.GetStringAsync("/verify/hello"), StringComparison.Ordinal);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TrainingLedger>().ReverseAsync(creditId, "考勤更正：缺席超过七分之一", "admin");
        }

        var html = await anonymous.GetStringAsync("/verify/" + serial);
        Assert.Contains("data-status=\"Revoked\"", html, StringComparison.Ordinal);
        var refused = await contact.GetAsync($"/classes/{classId}/certificate.pdf");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
    }

    [Fact]
    public async Task The_demo_trainee_completed_the_demo_s_earlier_class_and_the_one_on_leave_too_long_did_not()
    {
        var held = await QueryAsync(db => db.TrainingClasses.Where(c => c.Title == "社会组织法人治理专题培训班")
            .Select(c => new { c.Id, c.SeriesId, c.EndsOn }).SingleAsync());
        var reference = LedgerReference.ForClass(held.SeriesId).Value;
        var credited = await QueryAsync(db => db.LedgerEntries.Where(e => e.Reference == reference).Select(e => e.Person!.Mobile).ToListAsync());

        Assert.True(held.EndsOn < factory.Programme.Today);
        Assert.Equal(["13779156685", "13800000001", "17864304369"], credited.Order());
        // Issued when the demo credited the class, as its settlement would: before anyone opens "my hours".
        var issued = await QueryAsync(db => db.ClassCertificates.Where(c => c.ClassId == held.Id && c.RevokedAt == null)
            .Select(c => c.Person!.Mobile).ToListAsync());
        Assert.Equal(credited.Order(), issued.Order());
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        // "My hours" lists it in the year the class ended.
        var hours = await trainee.GetStringAsync($"/my/hours?year={held.EndsOn.Year}");
        Assert.Contains("社会组织法人治理专题培训班", hours, StringComparison.Ordinal);
        Assert.Contains($"/classes/{held.Id}/certificate.pdf", hours, StringComparison.Ordinal);
        var serial = SerialIn(hours);
        Assert.Contains("data-status=\"Genuine\"", await factory.CreateBrowser().GetStringAsync("/verify/" + serial), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configured_seal_is_drawn_on_the_certificate_and_a_missing_one_is_left_out()
    {
        var folder = Directory.CreateTempSubdirectory("learnhub-seal-").FullName;
        try
        {
            var seal = Path.Combine(folder, "seal.png");
            using (var bitmap = new SKBitmap(64, 64))
            using (var canvas = new SKCanvas(bitmap))
            using (var red = new SKPaint { Color = new SKColor(200, 0, 0, 200), Style = SKPaintStyle.Stroke, StrokeWidth = 4 })
            {
                canvas.Clear(SKColors.Transparent);
                canvas.DrawCircle(32, 32, 28, red);
                await File.WriteAllBytesAsync(seal, bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray());
            }

            await using var scope = factory.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            CertificatePdf With(string path) => new(services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<LearnHub.Web.Localization.SharedResource>>(),
                services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LearnHub.Web.Features.Compliance.Hours.PdfOptions>>(),
                Microsoft.Extensions.Options.Options.Create(new CertificateOptions { SealImagePath = path }), factory.Clock);
            var sheet = new CertificateSheet("LH-2026-0000-0000-0000", "张三", "示范班", new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27), 12m, 1.6m,
                "省民政厅", new DateOnly(2026, 12, 3), "https://learnhub.example/verify/LH-2026-0000-0000-0000");

            async Task<int> ImagesAsync(byte[] pdf)
            {
                var path = Path.Combine(folder, "c.pdf");
                await File.WriteAllBytesAsync(path, pdf);
                // pdfimages lists a header of two lines, then a line per image; the seal's transparency is a line of type smask.
                return (await RunAsync("pdfimages", "-list", path)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2)
                    .Count(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2] == "image");
            }

            Assert.Equal(2, await ImagesAsync(With(seal).Render(sheet)));
            Assert.Equal(1, await ImagesAsync(With(Path.Combine(folder, "missing.png")).Render(sheet)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task One_client_trying_serials_is_slowed_down()
    {
        using var limited = factory.WithWebHostBuilder(builder => builder.UseSetting("LearnHub:Certificates:VerificationsPerMinute", "2"));
        var client = limited.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await client.GetAsync($"/verify/LH-2026-0000-0000-000{i}")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }
}
