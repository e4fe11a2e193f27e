using System.Net;
using Microsoft.Extensions.DependencyInjection;
using LearnHub.Web.Tests.Contacts;
using LearnHub.Web.Tests.Support;

namespace LearnHub.Web.Tests;

public sealed class PageTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    /// <summary>An organization's contact person: a person's account named by an administrator, not a demo account.</summary>
    private const string ContactUser = "contact person";

    public static TheoryData<string?, string> Pages()
    {
        var data = new TheoryData<string?, string>();
        foreach (var user in new string?[] { null, "admin@learnhub.example", "lecturer@learnhub.example", "supervisor@learnhub.example", "trainee@learnhub.example", ContactUser })
        {
            foreach (var page in new[] { "/", "/courses", "/courses?tier=Leaders&topic=Law", "/lecture-hall", "/lecture-hall/1", "/lecture-hall/sessions/1", "/lecture-hall/sessions/8/calendar.ics", "/account/sign-in", "/account/activate", "/account/forgot", "/account/reset" })
            {
                data.Add(user, page);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_public_page_renders_for_every_role_with_security_headers(string? user, string page)
    {
        var client = user switch
        {
            null => factory.CreateBrowser(),
            ContactUser => await ContactTestData.SignedInContactAsync(factory),
            _ => await factory.SignInAsync(user),
        };

        var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin@learnhub.example")]
    [InlineData("lecturer@learnhub.example")]
    [InlineData("supervisor@learnhub.example")]
    [InlineData("trainee@learnhub.example")]
    public async Task Every_role_has_an_account_page(string user)
    {
        var client = await factory.SignInAsync(user);
        var response = await client.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("修改密码", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_scripts_are_versioned_modules_and_the_modules_they_import_are_revalidated()
    {
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var hours = await trainee.GetStringAsync("/my/hours");
        Assert.Contains("<script type=\"module\" src=\"/js/charts.js?v=", hours, StringComparison.Ordinal);

        // An import names the plain URL: the browser asks again each time rather than keep an old module.
        var imported = await trainee.GetAsync("/js/libraries.js");
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal("text/javascript", imported.Content.Headers.ContentType?.MediaType);
        Assert.True(imported.Headers.CacheControl?.NoCache);
        var versioned = await trainee.GetAsync("/js/charts.js?v=1");
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.False(versioned.Headers.CacheControl?.NoCache ?? false);
        Assert.Null((await trainee.GetAsync("/css/site.css")).Headers.CacheControl);
    }

    [Fact]
    public async Task Catalogue_filters_by_tier_topic_and_search()
    {
        var client = factory.CreateBrowser();

        var all = await client.GetStringAsync("/courses");
        var secretaries = await client.GetStringAsync("/courses?tier=Secretaries");
        var partyBuilding = await client.GetStringAsync("/courses?topic=PartyBuilding&tier=Secretaries");
        var search = await client.GetStringAsync("/courses?q=" + Uri.EscapeDataString("换届"));
        var nothing = await client.GetStringAsync("/courses?q=" + Uri.EscapeDataString("不存在的课程名"));

        int Count(string html) => html.Split("data-testid=\"course-card\"").Length - 1;
        Assert.True(Count(all) >= 20);
        Assert.InRange(Count(secretaries), 1, Count(all) - 1);
        Assert.InRange(Count(partyBuilding), 1, Count(secretaries));
        Assert.True(Count(search) >= 1);
        Assert.Contains("换届", search, StringComparison.Ordinal);
        Assert.Equal(0, Count(nothing));
    }

    [Fact]
    public async Task Unknown_filter_values_are_ignored_not_an_error()
    {
        var response = await factory.CreateBrowser().GetAsync("/courses?tier=Nobody&format=999");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task English_is_one_click_away_and_sticks()
    {
        var client = factory.CreateBrowser();
        var switched = await client.PostAsync("/culture", await LearnHubFactory.FormWithTokenAsync(client, "/courses",
            new Dictionary<string, string> { ["culture"] = "en", ["returnUrl"] = "/courses" }));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        // Kept a year by the browser's clock (max-age), whatever the server's clock says the date is.
        var cookie = Assert.Single(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains("max-age=31536000", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);

        var html = await client.GetStringAsync("/courses");

        Assert.Contains("Course catalogue", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_page_is_a_friendly_404()
    {
        var response = await factory.CreateBrowser().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "MediaTools")] // healthy only where ffmpeg is installed
    public async Task Health_reports_database_ffmpeg_and_data_folder()
    {
        var response = await factory.CreateBrowser().GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"database\"", body, StringComparison.Ordinal);
        Assert.Contains("\"ffmpeg\"", body, StringComparison.Ordinal);
        Assert.Contains("\"data-folder\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_health_says_only_healthy_or_not_without_server_paths()
    {
        var anonymous = await (await factory.CreateBrowser().GetAsync("/health")).Content.ReadAsStringAsync();
        var admin = await (await (await factory.SignInAsync("admin@learnhub.example")).GetAsync("/health")).Content.ReadAsStringAsync();

        Assert.Contains("\"data-folder\"", anonymous, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.DataPath, anonymous.Replace("\\/", "/", StringComparison.Ordinal), StringComparison.Ordinal);
        // The administrator still sees where the data folder is, so the check above can fail.
        Assert.Contains(Path.GetFileName(factory.DataPath), admin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_document_is_served()
    {
        var response = await factory.CreateBrowser().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"openapi\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_locks_out_after_five_failures()
    {
        // Its own app, so the locked account does not disturb the other tests.
        await using var own = new LearnHubFactory();
        var client = own.CreateBrowser();
        string last = "";
        for (var i = 0; i < 6; i++)
        {
            var response = await client.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(client, "/account/sign-in",
                new Dictionary<string, string> { ["Login"] = "lecturer@learnhub.example", ["Password"] = "not-the-password" }));
            last = await response.Content.ReadAsStringAsync();
        }

        // The page says what it says to a wrong password; the account is locked all the same.
        Assert.Contains("手机号（或邮箱）或密码不正确", last, StringComparison.Ordinal);
        await using (var scope = own.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LearnHub.Web.Identity.AppUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync("lecturer@learnhub.example"))!));
        }

        // Even the right password is refused while locked out.
        var right = await client.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(client, "/account/sign-in",
            new Dictionary<string, string> { ["Login"] = "lecturer@learnhub.example", ["Password"] = LearnHubFactory.Password }));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }
}
