using System.Net;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Admin;

/// <summary>Accounts for the account pages' tests, found by mobile number or e-mail, and the pages' forms.</summary>
internal static class AccountTestData
{
    public static async Task<T> IdentityAsync<T>(LearnHubFactory factory, Func<AppIdentityDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>());
    }

    public static async Task<T> ServiceAsync<TService, T>(LearnHubFactory factory, Func<TService, Task<T>> use)
        where TService : notnull
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static Task<AppUser> AccountOfMobileAsync(LearnHubFactory factory, string mobile) =>
        IdentityAsync(factory, db => db.Users.AsNoTracking().SingleAsync(u => u.PhoneNumber == mobile));

    public static Task<AppUser> AccountOfEmailAsync(LearnHubFactory factory, string email) =>
        IdentityAsync(factory, db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));

    /// <summary>Posts a form of the account pages with a fresh antiforgery token taken from the list.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> fields) =>
        await client.PostAsync(path, await LearnHubFactory.FormWithTokenAsync(client, "/admin/accounts", fields));

    /// <summary>Like <see cref="PostAsync"/>, with repeated fields (several ticked accounts or roles).</summary>
    public static async Task<HttpResponseMessage> PostManyAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var html = await client.GetStringAsync("/admin/accounts");
        using var form = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", LearnHubFactory.AntiforgeryToken(html))));
        return await client.PostAsync(path, form);
    }

    public static void AssertRedirectedTo(HttpResponseMessage response, string path)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(path, response.Headers.Location!.OriginalString);
    }
}
