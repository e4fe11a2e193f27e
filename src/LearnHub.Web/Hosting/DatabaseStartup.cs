using LearnHub.Courses;
using LearnHub.Courses.Content;
using LearnHub.Courses.Data;
using LearnHub.Media;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Identity.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Hosting;

/// <summary>Migrates every module's tables at start, seeds roles and, in demo mode, the demo content and accounts.</summary>
internal static class DatabaseStartup
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var services = app.Services;
        await services.MigrateCoursesAsync();
        await services.MigrateMediaAsync();
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        await provider.GetRequiredService<AppIdentityDbContext>().Database.MigrateAsync();

        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        await OpenIdConnectClients.EnsureAsync(provider, app.Logger, CancellationToken.None);

        if (app.Configuration.GetValue<bool>("LearnHub:Demo"))
        {
            var contentPath = FindContentFolder(app.Configuration, app.Environment);
            await provider.GetRequiredService<DemoContentLoader>().LoadAsync(contentPath, CancellationToken.None);
            await DemoAccounts.EnsureAsync(provider, contentPath, app.Configuration, app.Logger);
            await Features.Catalogue.Attachments.DemoAttachments.EnsureAsync(provider, contentPath, CancellationToken.None);
        }

        // Every person on the roster has an account: catches up people written before accounts were made for them.
        // Following every account to its person's record is RosterAccountsWorker's, after the server has started.
        await provider.GetRequiredService<PersonAccounts>().CatchUpAsync(CancellationToken.None);
        if (app.Configuration.GetValue<bool>("LearnHub:Demo"))
        {
            // After the sync, so each trainee has the account that asks their leave and is told of notices.
            await Features.LectureHall.Classes.Running.DemoClassRunning.EnsureAsync(provider, FindContentFolder(app.Configuration, app.Environment), CancellationToken.None);
        }
    }

    /// <summary><c>LearnHub:ContentPath</c>, else the repository's content/ folder found from the working or content root.</summary>
    public static string FindContentFolder(IConfiguration configuration, IWebHostEnvironment environment)
    {
        if (configuration["LearnHub:ContentPath"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), environment.ContentRootPath, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "content");
                if (File.Exists(Path.Combine(candidate, "units.yaml")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("Demo mode needs the content/ folder: set LearnHub:ContentPath.");
    }
}
