using System.Net;
using System.Text.RegularExpressions;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>
/// A sign-in app whose requests arrive through a loopback proxy (so X-Forwarded-For names the client), with few sign-in
/// posts a minute per client, and whose password hasher counts the hashes it checks.
/// </summary>
public sealed class SignInThrottleFactory : LearnHubFactory
{
    public const int PerMinute = 8;

    public HashChecks Hashes { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("LearnHub:Accounts:SignInPostsPerMinute", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Hashes);
            services.Replace(ServiceDescriptor.Scoped<IPasswordHasher<AppUser>, CountingHasher>());
            services.AddTransient<IStartupFilter, LoopbackProxy>();
        });
    }

    public sealed class HashChecks
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHasher(HashChecks checks) : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new();

        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            checks.Add();
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    /// <summary>The test server's requests come from the loopback address, as from a reverse proxy on the same machine.</summary>
    internal sealed class LoopbackProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return following(context);
            });
            next(app);
        };
    }
}

/// <summary>Sign-in neither tells accounts apart nor lets one client lock account after account.</summary>
public sealed class SignInThrottleTests(SignInThrottleFactory factory) : IClassFixture<SignInThrottleFactory>
{
    [Fact]
    public async Task Unknown_locked_disabled_and_waiting_accounts_answer_exactly_like_a_wrong_password()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await CreateAsync(users, $"active-{suffix}@learnhub.example", AccountTestSupport.NewPassword);
            var locked = await CreateAsync(users, $"locked-{suffix}@learnhub.example", AccountTestSupport.NewPassword);
            // Identity compares a lockout's end with the machine's clock, not the app's: locked well past either.
            await users.SetLockoutEndDateAsync(locked, factory.Clock.GetUtcNow().AddYears(50));
            var disabled = await CreateAsync(users, $"disabled-{suffix}@learnhub.example", AccountTestSupport.NewPassword);
            disabled.DisabledAt = factory.Clock.GetUtcNow();
            disabled.DisabledReason = DisabledReason.ByAdministrator;
            disabled.LockoutEnd = PersonAccounts.DisabledLockout;
            await users.UpdateAsync(disabled);
            await CreateAsync(users, $"waiting-{suffix}@learnhub.example", null);
        }

        var wrong = await AttemptAsync($"active-{suffix}@learnhub.example", "not-the-password-1", "198.51.100.1");
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        Assert.Equal(1, wrong.HashesChecked);
        Assert.Contains("手机号（或邮箱）或密码不正确", wrong.Message, StringComparison.Ordinal);

        // The right password of a locked or disabled account gets the same answer as a wrong one.
        foreach (var (login, password) in new[]
        {
            ($"nobody-{suffix}@learnhub.example", "not-the-password-1"),
            ($"locked-{suffix}@learnhub.example", AccountTestSupport.NewPassword),
            ($"locked-{suffix}@learnhub.example", "not-the-password-1"),
            ($"disabled-{suffix}@learnhub.example", AccountTestSupport.NewPassword),
            ($"waiting-{suffix}@learnhub.example", "not-the-password-1"),
        })
        {
            var answer = await AttemptAsync(login, password, "198.51.100.1");
            Assert.True(wrong.Status == answer.Status, $"{login}: {answer.Status}");
            Assert.True(wrong.Message == answer.Message, $"{login}: {answer.Message}");
            // As long a check as a real account's: one password hash, not none.
            Assert.True(answer.HashesChecked == 1, $"{login}: {answer.HashesChecked} hashes");
        }
    }

    [Fact]
    public async Task One_client_is_throttled_across_accounts_with_a_localized_429_while_another_still_signs_in()
    {
        const string Attacker = "203.0.113.9";
        HttpStatusCode last = HttpStatusCode.OK;
        var refusedAfter = 0;
        for (var i = 0; i < SignInThrottleFactory.PerMinute + 2 && last != HttpStatusCode.TooManyRequests; i++)
        {
            // A different account each time: the accounts' own lockouts never trip.
            last = (await AttemptAsync($"guess-{i}-{Guid.NewGuid():N}@learnhub.example", "not-the-password-1", Attacker)).Status;
            refusedAfter = i;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        Assert.Equal(SignInThrottleFactory.PerMinute, refusedAfter);

        var page = await PostAsync("trainee@learnhub.example", LearnHubFactory.Password, Attacker, culture: null);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.True(page.Headers.RetryAfter is not null);
        Assert.Contains("请求过于频繁", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var english = await PostAsync("trainee@learnhub.example", LearnHubFactory.Password, Attacker, culture: "en");
        Assert.Contains("Too many requests", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another address is not held back by the first one's guessing.
        var other = await PostAsync("trainee@learnhub.example", LearnHubFactory.Password, "203.0.113.10", culture: null);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    private static async Task<AppUser> CreateAsync(UserManager<AppUser> users, string email, string? password)
    {
        var user = new AppUser { UserName = email, Email = email, DisplayName = email, EmailConfirmed = true, LockoutEnabled = true };
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        return user;
    }

    private async Task<(HttpStatusCode Status, string Message, int HashesChecked)> AttemptAsync(string login, string password, string client)
    {
        var before = factory.Hashes.Count;
        var response = await PostAsync(login, password, client, culture: null);
        var html = await response.Content.ReadAsStringAsync();
        var summary = Regex.Match(html, "validation-summary-errors[^>]*>(.*?)</div>", RegexOptions.Singleline);
        return (response.StatusCode, summary.Success ? summary.Groups[1].Value : html, factory.Hashes.Count - before);
    }

    private async Task<HttpResponseMessage> PostAsync(string login, string password, string client, string? culture)
    {
        var browser = factory.CreateBrowser();
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        if (culture is not null)
        {
            // As a person switches language: the page's own switch, which the error page re-executed for a 429 reads too.
            await browser.PostAsync("/culture", await LearnHubFactory.FormWithTokenAsync(browser, "/account/sign-in",
                new Dictionary<string, string> { ["culture"] = culture, ["returnUrl"] = "/account/sign-in" }));
        }

        var form = await LearnHubFactory.FormWithTokenAsync(browser, "/account/sign-in",
            new Dictionary<string, string> { ["Login"] = login, ["Password"] = password });
        return await browser.PostAsync("/account/sign-in", form);
    }
}
