using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace LearnHub.Web.Identity;

/// <summary>
/// <c>LearnHub.Web admin create --email you@example.org [--password ...] [--name ...]</c> creates an
/// administrator. A production start creates no account with a known password; this is how the
/// first administrator comes to exist.
/// </summary>
internal static class AdminCommand
{
    public static bool IsInvocation(string[] args) => args.Length >= 2 && args[0] == "admin" && args[1] == "create";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        string? Option(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var email = Option("--email");
        if (string.IsNullOrWhiteSpace(email))
        {
            await Console.Error.WriteLineAsync("usage: LearnHub.Web admin create --email ADDRESS [--password PASSWORD] [--name NAME]");
            return 2;
        }

        var generated = Option("--password") is null;
        var password = Option("--password") ?? GeneratePassword();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            await Console.Error.WriteLineAsync($"An account for {email} already exists.");
            return 1;
        }

        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = Option("--name") ?? email };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, Roles.Admin);
        }

        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, result.Errors.Select(e => e.Description)));
            return 1;
        }

        Console.WriteLine($"Administrator {email} created.");
        if (generated)
        {
            Console.WriteLine($"Password (shown once, change it after signing in): {password}");
        }

        return 0;
    }

    private static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 12) + "-" +
        RandomNumberGenerator.GetString("23456789", 4);
}
