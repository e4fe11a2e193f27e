using LearnHub.Courses.Learning.Watching;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Web.Hosting;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.OpenIdConnect;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Learning.Watching;

public sealed record StartRequest(int LessonId);

public sealed record StartResponse(Guid PlaybackId, double DurationSeconds, double CoveredSeconds, double FurthestSeconds, int Percent,
    bool RestrictSeeking, bool Completed, int ReportIntervalSeconds, int MaxSegments, IReadOnlyDictionary<string, string> Texts);

public sealed record SegmentDto(double From, double To, bool Hidden);

public sealed record HeartbeatRequest(Guid PlaybackId, bool Visible, IReadOnlyList<SegmentDto>? Segments);

public sealed record CheckDto(Guid Id, string Prompt);

public sealed record HeartbeatResponse(ReportStatus Status, double CreditedSeconds, double CoveredSeconds, double FurthestSeconds, int Percent,
    double? SeekLimit, bool SeekRejected, bool OverRate, bool Covered, bool Completed, CheckDto? Check, string? Message);

public sealed record AttentionRequest(Guid PlaybackId, Guid CheckId, int Answer);

public sealed record AttentionResponse(bool Accepted, string? Message);

/// <summary>
/// Validated watching for the lesson player (/api/v1/playback): start a playback, report what was
/// played, answer an attention check. Always the caller's own person; the browser uses its
/// sign-in cookie, other clients a bearer token with the api scope. The heartbeat touches only
/// memory (<see cref="PlaybackTracker"/>); progress reaches the database in batches.
/// </summary>
internal static class PlaybackEndpoints
{
    public const string Policy = "Playback";

    public const string Prefix = "/api/v1/playback";

    /// <summary>A report carries at most a few dozen segments; anything larger is refused unread.</summary>
    private const long MaxBodyBytes = 8 * 1024;

    public static IServiceCollection AddPlaybackPolicy(this IServiceCollection services) =>
        services.AddAuthorization(options => options.AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(HostSetup.CookieOrBearerScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.Identities.Any(i => i.AuthenticationType == IdentityConstants.ApplicationScheme)
                || OpenIddict.Abstractions.OpenIddictExtensions.HasScope(context.User, OpenIdConnectSetup.ApiScope))));

    public static IEndpointRouteBuilder MapPlaybackEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).RequireAuthorization(Policy).WithTags("Playback")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        group.MapPost("/start", StartAsync).WithName("StartPlayback")
            .WithSummary("Starts watching a lesson; an earlier playback of the same person stops earning credit.");
        group.MapPost("/heartbeat", Heartbeat).WithName("ReportPlayback")
            .WithSummary("Reports the media played since the last report; answers with what was credited.");
        group.MapPost("/attention", Attention).WithName("AnswerAttentionCheck")
            .WithSummary("Answers an attention check; crediting resumes when the answer is right.");
        return app;
    }

    private static async Task<Results<Ok<StartResponse>, NotFound, ForbidHttpResult, Conflict<ProblemDetails>>> StartAsync(StartRequest request,
        CurrentScope scope, WatchingService watching, MediaDbContext media, PlaybackTracker tracker, IStringLocalizer<SharedResource> t,
        CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } personId)
        {
            return TypedResults.Forbid();
        }

        var lesson = await watching.FindLessonAsync(request.LessonId, cancellationToken);
        if (lesson is null)
        {
            return TypedResults.NotFound();
        }

        var duration = await media.Assets.AsNoTracking()
            .Where(a => a.Id == lesson.MediaAssetId && a.Status == MediaStatus.Ready)
            .Select(a => a.DurationSeconds).SingleOrDefaultAsync(cancellationToken);
        if (duration is not > 0)
        {
            return TypedResults.Conflict(new ProblemDetails { Title = t["Watching.NotReady"], Status = StatusCodes.Status409Conflict });
        }

        var playback = await watching.StartAsync(personId, lesson, duration.Value, cancellationToken);
        var watch = playback.Watch;
        return TypedResults.Ok(new StartResponse(playback.Id, watch.DurationSeconds, watch.Coverage.CoveredSeconds, watch.Coverage.Furthest,
            Percent(watch.Ratio), watch.SeekingRestricted, watch.CompletedAt is not null, tracker.Rules.ReportIntervalSeconds,
            tracker.Rules.MaxSegmentsPerReport, Texts(t)));
    }

    private static Results<Ok<HeartbeatResponse>, NotFound, ForbidHttpResult, ValidationProblem> Heartbeat(HeartbeatRequest request,
        CurrentScope scope, PlaybackTracker tracker, IStringLocalizer<SharedResource> t)
    {
        if (scope.PersonId is not { } personId)
        {
            return TypedResults.Forbid();
        }

        var segments = request.Segments ?? [];
        if (segments.Count > tracker.Rules.MaxSegmentsPerReport)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["segments"] = [t["Watching.TooManySegments", tracker.Rules.MaxSegmentsPerReport]],
            });
        }

        var outcome = tracker.Report(request.PlaybackId, personId, [.. segments.Select(s => new PlayedSegment(s.From, s.To, s.Hidden))], request.Visible);
        if (outcome is null)
        {
            return TypedResults.NotFound();
        }

        var message = outcome.Status switch
        {
            ReportStatus.Superseded => t["Watching.Superseded"].Value,
            _ when outcome.SeekRejected => t["Watching.SeekLimited"].Value,
            _ => null,
        };
        return TypedResults.Ok(new HeartbeatResponse(outcome.Status, outcome.CreditedSeconds, outcome.CoveredSeconds, outcome.FurthestSeconds,
            Percent(outcome.Ratio), outcome.SeekLimit, outcome.SeekRejected, outcome.OverRate, outcome.Covered,
            outcome.Completed, outcome.Check is { } check ? new CheckDto(check.Id, t["Watching.CheckPrompt", check.Number]) : null, message));
    }

    private static Results<Ok<AttentionResponse>, NotFound, ForbidHttpResult> Attention(AttentionRequest request, CurrentScope scope,
        PlaybackTracker tracker, IStringLocalizer<SharedResource> t)
    {
        if (scope.PersonId is not { } personId)
        {
            return TypedResults.Forbid();
        }

        return tracker.Answer(request.PlaybackId, personId, request.CheckId, request.Answer) is { } accepted
            ? TypedResults.Ok(new AttentionResponse(accepted, accepted ? null : t["Watching.CheckWrong"].Value))
            : TypedResults.NotFound();
    }

    private static int Percent(double ratio) => (int)Math.Floor(ratio * 100);

    private static Dictionary<string, string> Texts(IStringLocalizer<SharedResource> t) => new()
    {
        ["checkTitle"] = t["Watching.CheckTitle"],
        ["checkAnswer"] = t["Watching.CheckAnswer"],
        ["checkLabel"] = t["Watching.CheckLabel"],
        ["resume"] = t["Watching.Resume"],
        ["progress"] = t["Watching.Progress"],
        ["completed"] = t["Watching.Completed"],
        ["seekLimited"] = t["Watching.SeekLimited"],
    };
}
