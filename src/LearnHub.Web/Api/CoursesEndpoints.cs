using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Identity.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearnHub.Web.Api;

/// <summary>Who the bearer token belongs to: a user, or a service client acting as itself.</summary>
public sealed record Caller(string Id, string? Name, IReadOnlyList<string> Roles);

/// <summary>The catalogue for machines (the CLI, other systems): /api/v1, bearer tokens with the api scope.</summary>
internal static class CoursesEndpoints
{
    public static IEndpointRouteBuilder MapApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(OpenIdConnectSetup.ApiPolicy).WithTags("LearnHub API v1");
        api.MapGet("/courses", SearchAsync).WithName("ListCourses").WithSummary("Published courses, filtered like the catalogue page.");
        api.MapGet("/courses/{slug}", FindAsync).WithName("GetCourse").WithSummary("One published course with its lessons.");
        api.MapGet("/me", Me).WithName("GetCaller").WithSummary("The account or service client the token was issued to.");
        api.MapHoursEndpoints();
        return app;
    }

    private static async Task<Ok<IReadOnlyList<CourseCard>>> SearchAsync(CatalogueQueries catalogue, CourseCredit credit, Tier? tier, CourseTopic? topic,
        OrganizationField? field, CourseFormat? format, string? q, CancellationToken cancellationToken)
    {
        // Same rules as the page: undefined enum values are ignored and a search is capped at 100 characters.
        var filter = new CatalogueFilter(Defined(tier), Defined(topic), Defined(field), Defined(format),
            q?.Trim() is { Length: > 0 } s ? s[..Math.Min(s.Length, 100)] : null);
        return TypedResults.Ok(await credit.WithHoursAsync(await catalogue.SearchAsync(filter, cancellationToken), cancellationToken));
    }

    private static async Task<Results<Ok<CourseDetail>, NotFound>> FindAsync(CatalogueQueries catalogue, CourseCredit credit, string slug,
        CancellationToken cancellationToken) =>
        await catalogue.FindAsync(slug, unpublished: false, cancellationToken) is { } course
            ? TypedResults.Ok(await credit.WithHoursAsync(course, cancellationToken)) : TypedResults.NotFound();

    private static Ok<Caller> Me(HttpContext context) =>
        TypedResults.Ok(new Caller(context.User.GetClaim(Claims.Subject) ?? "", context.User.GetClaim(Claims.Name),
            [.. context.User.GetClaims(Claims.Role)]));

    private static T? Defined<T>(T? value)
        where T : struct, Enum => value is { } v && Enum.IsDefined(v) ? v : null;
}
