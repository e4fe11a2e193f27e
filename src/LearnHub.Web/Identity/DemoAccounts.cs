using LearnHub.Courses.Content;
using LearnHub.Courses.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Identity;

/// <summary>
/// Creates the demo accounts listed in content/demo-accounts.yaml. They exist only in demo mode;
/// the password is LEARNHUB_DEMO_PASSWORD or the documented demo password.
/// </summary>
internal static class DemoAccounts
{
    public const string DefaultPassword = "LearnHub-demo-2026";

    public static async Task EnsureAsync(IServiceProvider services, string contentPath, IConfiguration configuration, ILogger logger)
    {
        var password = configuration["LEARNHUB_DEMO_PASSWORD"] is { Length: > 0 } configured ? configured : DefaultPassword;
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var db = services.GetRequiredService<CoursesDbContext>();
        var file = ContentYaml.Read<DemoAccountsFile>(Path.Combine(contentPath, "demo-accounts.yaml"));
        foreach (var entry in file.Accounts)
        {
            if (await users.FindByEmailAsync(entry.Email) is not null)
            {
                logger.LogInformation("Demo account {Email} ({Role})", entry.Email, entry.Role);
                continue;
            }

            // A roster person already has an account (made for everyone on the roster): the demo gives it an address.
            var personId = entry.PersonMobile is { } listed ? await db.People.Where(p => p.Mobile == listed).Select(p => (int?)p.Id).SingleAsync() : null;
            var existing = personId is null ? null : await users.Users.SingleOrDefaultAsync(u => u.PersonId == personId);
            var user = existing ?? new AppUser();
            (user.UserName, user.Email, user.EmailConfirmed, user.DisplayName) = (entry.Email, entry.Email, true, entry.DisplayName ?? "");
            if (entry.Lecturer is { } key)
            {
                var lecturer = await db.Lecturers.SingleAsync(l => l.Key == key);
                (user.LecturerId, user.DisplayName) = (lecturer.Id, lecturer.Name);
            }

            if (entry.Unit is { } code)
            {
                var unit = await db.SupervisingUnits.SingleAsync(u => u.Code == code);
                (user.SupervisingUnitId, user.DisplayName) = (unit.Id, entry.DisplayName ?? unit.Name);
            }

            if (entry.PersonMobile is { } mobile)
            {
                var person = await db.People.SingleAsync(p => p.Mobile == mobile);
                (user.PersonId, user.DisplayName) = (person.Id, person.Name);
                if (entry.Role == Roles.Contact)
                {
                    user.ContactOrganizationId = person.OrganizationId;
                }
            }

            // The demo password is published, so the password rules refuse it for everyone else: the demo accounts
            // get it without them.
            user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
            user.ActivatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
            user.DisabledAt = null;
            var created = existing is null ? await users.CreateAsync(user) : await users.UpdateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Demo account {entry.Email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            }

            if (!await users.IsInRoleAsync(user, entry.Role))
            {
                await users.AddToRoleAsync(user, entry.Role);
            }

            if (entry.Role == Roles.Contact && !await users.IsInRoleAsync(user, Roles.Trainee))
            {
                // A contact person is one of the organization's people, and learns like them.
                await users.AddToRoleAsync(user, Roles.Trainee);
            }

            logger.LogInformation("Demo account {Email} ({Role}) created", entry.Email, entry.Role);
        }
    }
}
