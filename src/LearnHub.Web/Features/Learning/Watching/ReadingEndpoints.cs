using LearnHub.Courses.Learning.Watching;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Learning.Watching;

public sealed record ReadingHeartbeatRequest(int LessonId, bool Visible);

public sealed record ReadingHeartbeatResponse(double ReadSeconds, double RequiredSeconds, double CreditedSeconds, bool Completed, int ReportIntervalSeconds);

/// <summary>
/// Timed reading for a lesson without a video (/api/v1/reading): the course page reports whether the lesson's
/// notes or slides are open and visible; the server times it (<see cref="ReadingClock"/>). Always the caller's
/// own person, authorized like the player's reports.
/// </summary>
internal static class ReadingEndpoints
{
    public const string Prefix = "/api/v1/reading";

    /// <summary>A report is a lesson id and a flag.</summary>
    private const long MaxBodyBytes = 1024;

    public static IEndpointRouteBuilder MapReadingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).RequireAuthorization(PlaybackEndpoints.Policy).WithTags("Reading")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        group.MapPost("/heartbeat", HeartbeatAsync).WithName("ReportReading")
            .WithSummary("Reports whether a reading lesson is open and visible; answers with the seconds read and whether it is complete.");
        return app;
    }

    private static async Task<Results<Ok<ReadingHeartbeatResponse>, NotFound, ForbidHttpResult>> HeartbeatAsync(ReadingHeartbeatRequest request,
        CurrentScope scope, ReadingService reading, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } personId)
        {
            return TypedResults.Forbid();
        }

        if (await reading.FindLessonAsync(request.LessonId, cancellationToken) is not { } lesson)
        {
            return TypedResults.NotFound();
        }

        var progress = await reading.ReportAsync(personId, lesson, request.Visible, cancellationToken);
        return TypedResults.Ok(new ReadingHeartbeatResponse(progress.ReadSeconds, progress.RequiredSeconds, progress.CreditedSeconds,
            progress.Completed, ReadingClock.ReportIntervalSeconds));
    }
}
