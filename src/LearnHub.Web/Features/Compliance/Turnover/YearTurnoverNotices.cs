using System.Data.Common;
using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Compliance.Turnover;

/// <summary>
/// Opens the programme year (<see cref="YearTurnover"/>) and tells the administrators, once, what it carried
/// forward for them to review. Telling them is recorded on the year, after the notifications are written, so a
/// node that stops in between tells them on its next run and the once-key keeps anyone from hearing it twice.
/// </summary>
public sealed class YearTurnoverNotices(YearTurnover turnover, CourseCredit credit, Notifier notifier, UserManager<AppUser> users)
{
    public async Task<ProgrammeYear> RunOnceAsync(CancellationToken cancellationToken)
    {
        var year = await turnover.RunAsync(cancellationToken);
        // A new year may convert online work differently: the courses' hours follow its active rules.
        await credit.RefreshAsync(cancellationToken: cancellationToken);
        if (!year.CarriedForward || year.AdministratorsNotifiedAt is not null)
        {
            return year;
        }

        var message = Message(year);
        foreach (var administrator in await users.GetUsersInRoleAsync(Roles.Admin))
        {
            await notifier.NotifyAsync(administrator, message, cancellationToken);
        }

        await turnover.AdministratorsNotifiedAsync(year.Year, cancellationToken);
        return year;
    }

    /// <summary>What was carried forward, and the page to review first: the rules when they were carried, else the curricula.</summary>
    public static NotificationMessage Message(ProgrammeYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        var key = year.RulesCarriedFrom is null ? "Notice.YearCurriculaCarriedForward"
            : year.CurriculaCarried == 0 ? "Notice.YearRulesCarriedForward"
            : "Notice.YearCarriedForward";
        string Text(int? number) => number?.ToString(CultureInfo.InvariantCulture) ?? "";
        var link = year.RulesCarriedFrom is null ? $"/admin/curricula?year={Text(year.Year)}" : $"/admin/rules?year={Text(year.Year)}";
        return new NotificationMessage(key, [Text(year.Year), Text(year.RulesCarriedFrom), Text(year.CurriculaCarried), Text(year.Year - 1)], link,
            $"year-carried-forward:{Text(year.Year)}");
    }
}

/// <summary>
/// Runs <see cref="YearTurnoverNotices"/> at start and then at the top of every hour of the programme's clock, so a
/// year opens at its midnight in China time (not up to an hour later, nor at the server's midnight) and a run that
/// failed is tried again within the hour.
/// </summary>
internal sealed class YearTurnoverWorker(IServiceScopeFactory scopes, ProgrammeClock clock, ILogger<YearTurnoverWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<YearTurnoverNotices>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or DbException or InvalidOperationException)
            {
                logger.LogWarning(e, "Opening the programme year failed; retrying within the hour");
            }

            await Task.Delay(UntilNextHour(clock.Now), clock.Time, stoppingToken);
        }
    }

    /// <summary>
    /// The wait until just after the next hour of the programme's wall clock; the second more keeps a timer that
    /// fires a little early from running at 23:59:59 and missing the new year by an hour.
    /// </summary>
    internal static TimeSpan UntilNextHour(DateTimeOffset now)
    {
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, now.Offset);
        return hour.AddHours(1) - now + TimeSpan.FromSeconds(1);
    }
}

internal static class YearTurnoverSetup
{
    public static IServiceCollection AddYearTurnover(this IServiceCollection services)
    {
        services.AddScoped<YearTurnoverNotices>();
        services.AddHostedService<YearTurnoverWorker>();
        return services;
    }
}
