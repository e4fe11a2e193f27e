using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LearnHub.E2E;

/// <summary>
/// A completed class's certificate on a phone, in Chinese: the trainee (许明哲, who completed the demo's earlier class)
/// finds it under "我的学时", opens the class page with its certificate card and downloads the PDF; anyone who opens the
/// address printed on it (its QR code's) sees that it is genuine, with the masked name and nothing else of the person.
/// The class page and the verification page fit 375 px and have no serious accessibility findings.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed partial class ClassCertificateJourneyTests(ServerFixture server)
{
    private const string HeldClass = "社会组织法人治理专题培训班";

    [Fact]
    public async Task A_trainee_downloads_the_certificate_on_a_phone_and_a_stranger_verifies_it()
    {
        await using var phone = await server.PhoneAsync(bypassCsp: true);
        var audit = await AccessibilityTests.Audit.StartAsync(phone, "trainee@learnhub.example");
        var trainee = audit.Page;
        await trainee.GotoAsync("/my/hours");
        var line = trainee.Locator("[data-testid=my-certificates] li", new() { HasText = HeldClass });
        var download = (await line.Locator("a[href$='/certificate.pdf']").GetAttributeAsync("href"))!;
        var classPage = download[..^"/certificate.pdf".Length];

        await audit.CheckAsync(classPage, ready: "[data-testid=my-certificate]");
        Assert.Contains(HeldClass, await trainee.InnerTextAsync("h1"), StringComparison.Ordinal);
        await trainee.Locator("[data-testid=completion] [data-testid=completed]").WaitForAsync();
        Assert.True(await FitsAsync(trainee));
        await trainee.Locator("[data-testid=certificate-download]").ScrollIntoViewIfNeededAsync();
        await ServerFixture.ScreenshotAsync(trainee, "class-certificate-zh-phone");

        var file = await trainee.RunAndWaitForDownloadAsync(() => trainee.ClickAsync("[data-testid=certificate-download]"));
        Assert.EndsWith(".pdf", file.SuggestedFilename, StringComparison.Ordinal);
        var pdf = (await file.PathAsync())!;
        // The certificate itself among the screenshots: its first page as the trainee would print it.
        await RunAsync("pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", pdf, Path.Combine(ServerFixture.Artifacts, "class-certificate-pdf"));
        var text = await RunAsync("pdftotext", "-raw", pdf, "-");
        Assert.Contains("结业证书", text, StringComparison.Ordinal);
        var address = VerifyAddress().Match(text);
        Assert.True(address.Success, text);
        Assert.StartsWith(server.BaseUrl + "/verify/", address.Value, StringComparison.Ordinal);

        // Someone with no account opens the printed address on their phone.
        await using var stranger = await server.PhoneAsync(bypassCsp: true);
        var check = await AccessibilityTests.Audit.StartAsync(stranger, account: null);
        await check.CheckAsync(address.Value[server.BaseUrl.Length..], ready: "[data-testid=verification]");
        var verifier = check.Page;
        Assert.Equal("Genuine", await verifier.GetAttributeAsync("[data-testid=verification]", "data-status"));
        var shown = await verifier.InnerTextAsync("[data-testid=verification]");
        Assert.Contains("证书真实有效", shown, StringComparison.Ordinal);
        Assert.Contains(HeldClass, shown, StringComparison.Ordinal);
        Assert.Equal("许*哲", (await verifier.InnerTextAsync("[data-testid=masked-name]")).Trim());
        var page = await verifier.InnerTextAsync("body");
        foreach (var secret in new[] { "许明哲", "13800000001", "省人工智能学会" })
        {
            Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
        }

        Assert.True(await FitsAsync(verifier));
        await ServerFixture.ScreenshotAsync(verifier, "certificate-verified-zh-phone");
        audit.AssertClean();
        check.AssertClean();
    }

    private static Task<bool> FitsAsync(IPage page) => page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    [GeneratedRegex(@"https?://\S+/verify/LH-[0-9A-Z-]+")]
    private static partial Regex VerifyAddress();
}
