using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Admin;

internal static class AdminTestData
{
    /// <summary>A valid credit code that the demo roster does not use.</summary>
    public static string NewCreditCode(int seed)
    {
        var first17 = "51510000MJ" + (9_000_000 + seed).ToString(CultureInfo.InvariantCulture);
        return first17 + CreditCode.CheckCharacter(first17);
    }

    public static async Task<T> QueryAsync<T>(LearnHubFactory factory, Func<CoursesDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    public static Task<int> OrganizationCountAsync(LearnHubFactory factory) =>
        QueryAsync(factory, db => db.Organizations.CountAsync());

    public static Task<int> PeopleCountAsync(LearnHubFactory factory) =>
        QueryAsync(factory, db => db.People.CountAsync());
}
