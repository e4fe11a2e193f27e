using LearnHub.Courses.Learning.Watching;
using LearnHub.Media;
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

/// <summary>Source is the playlist to play: its segments, fetched through it, are the evidence that the media reached this playback.</summary>
public sealed record StartResponse(Guid PlaybackId, string Source, double DurationSeconds, double CoveredSeconds, double FurthestSeconds, int Percent,
    bool RestrictSeeking, bool Completed, int ReportIntervalSeconds, int MaxSegments, IReadOnlyDictionary<string, string> Texts);

public sealed record SegmentDto(double From, double To, bool Hidden);

public sealed record HeartbeatRequest(Guid PlaybackId, bool Visible, IReadOnlyList<SegmentDto>? Segments);

/// <summary>A check to answer: the code is in the picture (and the speech), never in the response.</summary>
public sealed record CheckDto(Guid Id, string Prompt, string Image, string Audio, int AttemptsLeft);

public sealed record HeartbeatResponse(ReportStatus Status, double CreditedSeconds, double CoveredSeconds, double FurthestSeconds, int Percent,
    double? SeekLimit, bool SeekRejected, bool OverRate, bool Covered, bool Completed, CheckDto? Check, string? Message)
{
    /// <summary>Part of the claim was not delivered to this playback and earned nothing.</summary>
    public bool Undelivered { get; init; }

    /// <summary>After a missed check: seconds until the next one is put.</summary>
    public int? NextCheckInSeconds { get; init; }
}

public sealed record AttentionRequest(Guid PlaybackId, Guid CheckId, string? Answer);

public sealed record AttentionResponse(bool Accepted, string? Message)
{
    public bool Missed { get; init; }

    public int AttemptsLeft { get; init; }

    public int? NextCheckInSeconds { get; init; }
}

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

    /// <summary>The policy, the check's speech, and the media module's evidence of delivered segments fed to the tracker.</summary>
    public static IServiceCollection AddPlayback(this IServiceCollection services) =>
        services.AddSingleton<CheckCodeSpeech>()
            .AddSingleton<PlaybackMetrics>()
            .AddSingleton<IMediaDeliveries, PlaybackDeliveries>()
            .AddAuthorization(options => options.AddPolicy(Policy, policy => policy
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
            .WithSummary("Answers an attention check with the code its picture shows; crediting resumes when it is right.");
        group.MapGet("/{playbackId:guid}/checks/{checkId:guid}/image", CheckImage).WithName("AttentionCheckImage")
            .WithSummary("The pending check's code, drawn as a picture (PNG).");
        group.MapGet("/{playbackId:guid}/checks/{checkId:guid}/audio", CheckAudioAsync).WithName("AttentionCheckAudio")
            .WithSummary("The pending check's code, spoken (WAV), for screen-reader users.");
        return app;
    }

    private static async Task<Results<Ok<StartResponse>, NotFound, ForbidHttpResult, Conflict<ProblemDetails>>> StartAsync(StartRequest request,
        CurrentScope scope, WatchingService watching, MediaDbContext media, MediaLibrary library, PlaybackTracker tracker, HttpContext http,
        IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
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

        var playback = await watching.StartAsync(personId, lesson, duration.Value, http.Request.Headers.UserAgent.ToString(), cancellationToken);
        var watch = playback.Watch;
        return TypedResults.Ok(new StartResponse(playback.Id, library.SignedBase(lesson.MediaAssetId, playback.Id) + "master.m3u8", watch.DurationSeconds, watch.Coverage.CoveredSeconds, watch.Coverage.Furthest,
            Percent(watch.Ratio), watch.SeekingRestricted, watch.CompletedAt is not null, tracker.Rules.ReportIntervalSeconds,
            tracker.Rules.MaxSegmentsPerReport, Texts(t)));
    }

    private static Results<Ok<HeartbeatResponse>, NotFound, ForbidHttpResult, ValidationProblem> Heartbeat(HeartbeatRequest request,
        CurrentScope scope, PlaybackTracker tracker, PlaybackMetrics metrics, IStringLocalizer<SharedResource> t)
    {
        if (scope.PersonId is not { } personId)
        {
            return TypedResults.Forbid();
        }

        var segments = request.Segments ?? [];
        if (segments.Count > tracker.Rules.MaxSegmentsPerReport)
        {
            metrics.Refused();
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["segments"] = [t["Watching.TooManySegments", tracker.Rules.MaxSegmentsPerReport]],
            });
        }

        var outcome = tracker.Report(request.PlaybackId, personId, [.. segments.Select(s => new PlayedSegment(s.From, s.To, s.Hidden))], request.Visible);
        metrics.Received(outcome);
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
        var nextCheck = SecondsUntil(outcome.NextCheckAt, tracker);
        return TypedResults.Ok(new HeartbeatResponse(outcome.Status, outcome.CreditedSeconds, outcome.CoveredSeconds, outcome.FurthestSeconds,
            Percent(outcome.Ratio), outcome.SeekLimit, outcome.SeekRejected, outcome.OverRate, outcome.Covered,
            outcome.Completed, outcome.Check is { } check ? Check(request.PlaybackId, check, tracker.Rules, t) : null,
            message ?? (nextCheck is { } wait ? t["Watching.CheckPaused", wait].Value : null))
        {
            Undelivered = outcome.Undelivered,
            NextCheckInSeconds = nextCheck,
        });
    }

    private static Results<Ok<AttentionResponse>, NotFound, ForbidHttpResult> Attention(AttentionRequest request, CurrentScope scope,
        PlaybackTracker tracker, IStringLocalizer<SharedResource> t)
    {
        if (scope.PersonId is not { } personId)
        {
            return TypedResults.Forbid();
        }

        var check = tracker.PendingCheck(request.PlaybackId, personId, request.CheckId);
        var result = tracker.Answer(request.PlaybackId, personId, request.CheckId, request.Answer);
        var left = check is null ? 0 : Math.Max(0, tracker.Rules.MaxWrongAnswers - check.WrongAnswers);
        return result switch
        {
            null => TypedResults.NotFound(),
            AnswerResult.Accepted => TypedResults.Ok(new AttentionResponse(true, null)),
            AnswerResult.Missed => TypedResults.Ok(new AttentionResponse(false, t["Watching.CheckMissed", (int)tracker.Rules.MissedCheckPauseSeconds].Value)
            {
                Missed = true, NextCheckInSeconds = (int)tracker.Rules.MissedCheckPauseSeconds,
            }),
            AnswerResult.Wrong => TypedResults.Ok(new AttentionResponse(false, t["Watching.CheckWrong", left].Value) { AttemptsLeft = left }),
            _ => TypedResults.Ok(new AttentionResponse(false, t["Watching.CheckGone"].Value)),
        };
    }

    private static Results<FileContentHttpResult, NotFound, ForbidHttpResult> CheckImage(Guid playbackId, Guid checkId, CurrentScope scope,
        PlaybackTracker tracker, HttpContext http)
    {
        if (scope.PersonId is not { } personId)
        {
            return TypedResults.Forbid();
        }

        if (tracker.PendingCheck(playbackId, personId, checkId) is not { } check)
        {
            return TypedResults.NotFound();
        }

        // Drawn afresh for every request: nothing to cache, and a reload shows the same code differently.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(CheckCodePicture.Png(check.Code), "image/png");
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult, StatusCodeHttpResult>> CheckAudioAsync(Guid playbackId,
        Guid checkId, CurrentScope scope, PlaybackTracker tracker, CheckCodeSpeech speech, HttpContext http, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } personId)
        {
            return TypedResults.Forbid();
        }

        if (tracker.PendingCheck(playbackId, personId, checkId) is not { } check)
        {
            return TypedResults.NotFound();
        }

        if (await speech.ForPageAsync(check.Code, cancellationToken) is not { } wav)
        {
            return TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(wav, "audio/wav");
    }

    private static CheckDto Check(Guid playbackId, AttentionCheck check, WatchingRules rules, IStringLocalizer<SharedResource> t) =>
        new(check.Id, t["Watching.CheckPrompt"], $"{Prefix}/{playbackId}/checks/{check.Id}/image", $"{Prefix}/{playbackId}/checks/{check.Id}/audio",
            Math.Max(0, rules.MaxWrongAnswers - check.WrongAnswers));

    private static int? SecondsUntil(DateTimeOffset? at, PlaybackTracker tracker) =>
        at is { } when ? Math.Max(1, (int)Math.Ceiling((when - tracker.Now).TotalSeconds)) : null;

    private static int Percent(double ratio) => (int)Math.Floor(ratio * 100);

    private static Dictionary<string, string> Texts(IStringLocalizer<SharedResource> t) => new()
    {
        ["checkTitle"] = t["Watching.CheckTitle"],
        ["checkAnswer"] = t["Watching.CheckAnswer"],
        ["checkLabel"] = t["Watching.CheckLabel"],
        ["checkListen"] = t["Watching.CheckListen"],
        ["checkNewPicture"] = t["Watching.CheckNewPicture"],
        ["checkImageAlt"] = t["Watching.CheckImageAlt"],
        ["resume"] = t["Watching.Resume"],
        ["progress"] = t["Watching.Progress"],
        ["completed"] = t["Watching.Completed"],
        ["seekLimited"] = t["Watching.SeekLimited"],
    };
}

/// <summary>Segments served through a playback's signed URLs, handed to the tracker as that playback's evidence.</summary>
internal sealed class PlaybackDeliveries(PlaybackTracker tracker) : IMediaDeliveries
{
    public void SegmentServed(Guid assetId, Guid playbackId, double startSeconds, double endSeconds) =>
        tracker.Delivered(playbackId, assetId, startSeconds, endSeconds);
}
