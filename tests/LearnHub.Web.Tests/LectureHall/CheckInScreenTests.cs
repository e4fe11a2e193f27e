using System.Net;

namespace LearnHub.Web.Tests.LectureHall;

/// <summary>The venue check-in screen is a kiosk: the page alone, with a QR code that scales to the screen.</summary>
public sealed class CheckInScreenTests(HallFactory factory) : IClassFixture<HallFactory>
{
    [Fact]
    public async Task The_check_in_screen_has_no_site_header_and_shows_a_scalable_qr_code_the_code_the_count_and_a_full_screen_button()
    {
        var sessionId = await factory.SessionAsync(capacity: 50);
        var admin = await factory.SignInAsync("admin@learnhub.example");

        var response = await admin.GetAsync($"/lecture-hall/sessions/{sessionId}/checkin-screen");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("lh-navbar", page, StringComparison.Ordinal);
        Assert.DoesNotContain("lh-footer", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"language-switch\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"kiosk\"", page, StringComparison.Ordinal);
        Assert.Contains($"src=\"/lecture-hall/sessions/{sessionId}/checkin-screen/qr.svg\"", page, StringComparison.Ordinal);
        Assert.Contains("社会组织财务管理实务", page, StringComparison.Ordinal);
        Assert.Contains("14:30–17:00", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"fallback-code\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"checked-in-count\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"fullscreen\"", page, StringComparison.Ordinal);
        Assert.Contains("data-time-zone=\"Asia/Shanghai\"", page, StringComparison.Ordinal);
        Assert.Contains("/js/checkin-screen.js", page, StringComparison.Ordinal);

        // The code is drawn to a view box, not a fixed size, so the kiosk can make it as large as the screen allows.
        var qr = await admin.GetAsync($"/lecture-hall/sessions/{sessionId}/checkin-screen/qr.svg");
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType?.MediaType);
        var svg = await qr.Content.ReadAsStringAsync();
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("viewBox=", svg, StringComparison.Ordinal);
        Assert.Contains("<path", svg, StringComparison.Ordinal);
    }
}
