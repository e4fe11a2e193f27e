using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>
/// At start only people without an account are caught up; following every account to its person (a position that
/// ended disables it) is the background pass after the server has started and after each midnight in China.
/// </summary>
public sealed class RosterAccountsTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task Catching_up_makes_accounts_only_for_people_without_one()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var identity = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var organization = await db.Organizations.OrderBy(o => o.Id).FirstAsync();
        // More than one chunk of people, written without accounts (as a restore of older data or a bulk load leaves them).
        var newcomers = Enumerable.Range(1, 1201).Select(i =>
        {
            var person = new Person { Name = $"补建账号{i}", Mobile = $"1375{i:D7}", OrganizationId = organization.Id };
            person.AddPosition(PositionKind.Staff, factory.Programme.Today.AddYears(-1));
            return person;
        }).ToList();
        db.People.AddRange(newcomers);
        await db.SaveChangesAsync();
        var newcomer = newcomers[0];
        var before = await identity.Users.CountAsync();

        var accounts = scope.ServiceProvider.GetRequiredService<PersonAccounts>();
        Assert.Equal(1201, await accounts.CatchUpAsync(CancellationToken.None));
        Assert.Equal(before + 1201, await identity.Users.CountAsync());
        Assert.Equal("13750000001", (await identity.Users.AsNoTracking().SingleAsync(u => u.PersonId == newcomer.Id)).PhoneNumber);
        Assert.Equal(0, await accounts.CatchUpAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("2027-03-01T23:00:00+08:00", 65)]
    [InlineData("2027-03-01T00:03:00+08:00", 24 * 60 + 2)]
    [InlineData("2026-12-31T23:59:59+08:00", 5)]
    public void The_daily_pass_runs_five_minutes_after_the_programme_clocks_midnight(string now, int minutes)
    {
        var wait = RosterAccountsWorker.UntilAfterMidnight(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(minutes, (int)Math.Round(wait.TotalMinutes));
    }
}
