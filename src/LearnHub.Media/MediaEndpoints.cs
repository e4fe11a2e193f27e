using System.Globalization;
using System.Security.Claims;
using System.Text;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Media.Storage;
using LearnHub.Media.Streaming;
using LearnHub.Media.Transcoding;
using LearnHub.Media.Upload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Media;

/// <summary>The module's machine-facing endpoints: tus 1.0 uploads and media status.</summary>
public static class MediaEndpoints
{
    internal const string TusVersion = "1.0.0";

    /// <summary>
    /// Maps /api/v1/uploads (tus 1.0: creation, termination, expiration) and /api/v1/media/{id}. Returns the group
    /// so the host applies its authorization policy.
    /// </summary>
    public static RouteGroupBuilder MapMediaEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1");

        var uploads = api.MapGroup("/uploads").AddEndpointFilter(TusFilterAsync).WithTags("Uploads");
        uploads.MapMethods("", ["OPTIONS"], Options);
        uploads.MapPost("", CreateAsync);
        uploads.MapMethods("/{id:guid}", ["HEAD"], HeadAsync);
        uploads.MapPatch("/{id:guid}", PatchAsync);
        uploads.MapDelete("/{id:guid}", TerminateAsync);

        var media = api.MapGroup("/media").WithTags("Media");
        media.MapGet("/{id:guid}", GetAsync);
        media.MapPost("/{id:guid}/retry", RetryAsync);
        return api;
    }

    /// <summary>Every tus response names the protocol version; other versions are refused up front.</summary>
    private static async ValueTask<object?> TusFilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers["Tus-Resumable"] = TusVersion;
        if (!HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers["Tus-Resumable"] != TusVersion)
        {
            http.Response.Headers["Tus-Version"] = TusVersion;
            return TypedResults.StatusCode(StatusCodes.Status412PreconditionFailed);
        }

        return await next(context);
    }

    private static NoContent Options(HttpContext http, MediaOptions options)
    {
        http.Response.Headers["Tus-Version"] = TusVersion;
        http.Response.Headers["Tus-Extension"] = "creation,termination,expiration";
        http.Response.Headers["Tus-Max-Size"] = options.MaxUploadBytes.ToString(CultureInfo.InvariantCulture);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateAsync(HttpContext http, MediaOptions options, ResumableUploads uploads, MediaDbContext db, IMediaAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!long.TryParse(http.Request.Headers["Upload-Length"], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length <= 0)
        {
            return TypedResults.BadRequest("Upload-Length must be a positive number of bytes.");
        }

        if (length > options.MaxUploadBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        // Refuse now rather than after the lecturer has sent gigabytes: a creation promises its length, and
        // what unfinished uploads promise together must fit the quotas and the disk.
        switch (await uploads.CheckRoomAsync(UserId(http.User), length, cancellationToken))
        {
            case UploadRefusal.DiskSpace:
                return TypedResults.Problem("Not enough free disk space to store and transcode this upload.", statusCode: StatusCodes.Status507InsufficientStorage,
                    extensions: Refused(UploadRefusal.DiskSpace));
            case UploadRefusal.UserQuota:
                return TypedResults.Problem("Your unfinished uploads already take up your upload quota: finish or delete one first.",
                    statusCode: StatusCodes.Status413PayloadTooLarge, extensions: Refused(UploadRefusal.UserQuota));
            case UploadRefusal.TotalQuota:
                return TypedResults.Problem("Too many uploads are unfinished at the moment: try again later.",
                    statusCode: StatusCodes.Status413PayloadTooLarge, extensions: Refused(UploadRefusal.TotalQuota));
        }

        var metadata = ParseMetadata(http.Request.Headers["Upload-Metadata"]);
        // The name is the client's: a trailing newline (a shell's `basename | base64`) or any other control character
        // would be stored and listed as sent, so only its printable characters are kept.
        var fileName = metadata.GetValueOrDefault("filename") is { Length: > 0 } name
            && string.Concat(Path.GetFileName(name).Where(c => !char.IsControl(c))) is { Length: > 0 } printable ? printable : "upload";
        int? lessonId = int.TryParse(metadata.GetValueOrDefault("lessonId"), NumberStyles.None, CultureInfo.InvariantCulture, out var lesson) ? lesson : null;
        if (lessonId is { } target && !await access.MayManageLessonAsync(http.User, target, cancellationToken))
        {
            // A lecturer uploads only to the lessons of their own courses.
            return TypedResults.Forbid();
        }

        var asset = new MediaAsset(Guid.NewGuid(), fileName.Length > 255 ? fileName[..255] : fileName, length, UserId(http.User), lessonId, time.GetUtcNow());
        db.Assets.Add(asset);
        await db.SaveChangesAsync(cancellationToken);
        SetExpires(http, uploads.ExpiresAt(asset.UpdatedAt));
        return TypedResults.Created($"/api/v1/uploads/{asset.Id}", (object?)null);
    }

    private static async Task<IResult> HeadAsync(Guid id, HttpContext http, MediaDbContext db, IMediaAccess access, ResumableUploads uploads, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (await DenyAsync(asset, http.User, access, cancellationToken) is { } denied)
        {
            return denied;
        }

        http.Response.Headers.CacheControl = "no-store";
        if (uploads.IsExpired(asset!))
        {
            // The sweeper has not come by yet; the upload is as good as deleted.
            return TypedResults.StatusCode(StatusCodes.Status410Gone);
        }

        if (asset!.Status == MediaStatus.Uploading)
        {
            SetExpires(http, uploads.ExpiresAt(asset.UpdatedAt));
        }

        http.Response.Headers["Upload-Offset"] = asset!.UploadOffset.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["Upload-Length"] = asset.UploadLength.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok();
    }

    private static async Task<IResult> PatchAsync(Guid id, HttpContext http, MediaDbContext db, IMediaAccess access, IMediaStorage storage, UploadValidator validator,
        ResumableUploads uploads, MediaOptions options, IServiceScopeFactory scopes, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!string.Equals(http.Request.ContentType, "application/offset+octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        // Not tracked: the offset is written by conditional UPDATEs below, and validation reads the row afresh.
        var asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (await DenyAsync(asset, http.User, access, cancellationToken) is { } denied)
        {
            return denied;
        }

        if (uploads.IsExpired(asset!))
        {
            return TypedResults.StatusCode(StatusCodes.Status410Gone);
        }

        // One PATCH per upload at a time, whichever node receives it: the database hands out the lease.
        var lease = $"{options.NodeId}/{Guid.NewGuid():N}";
        if (!long.TryParse(http.Request.Headers["Upload-Offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !await uploads.ClaimAsync(id, offset, lease, cancellationToken))
        {
            return TypedResults.Conflict();
        }

        // A chunk may be larger than Kestrel's default request limit; the upload's own length bounds it.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = asset!.UploadLength - offset;
        }

        var reached = offset;
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewWhileWritingAsync(id, lease, scopes, options, time, writing);
        try
        {
            reached = await storage.AppendUploadAsync(id, offset, http.Request.BodyReader, asset!.UploadLength, writing.Token);
        }
        catch (InvalidDataException e)
        {
            return TypedResults.BadRequest(e.Message);
        }
        catch (UploadMissingException)
        {
            // The client's next HEAD reads offset 0 and sends the file again, to this node.
            reached = 0;
            return TypedResults.Conflict();
        }
        finally
        {
            await writing.CancelAsync();
            await renewing;
            // The bytes past the recorded offset of a PATCH cut short are dropped by the next one, so only a finished write moves it.
            await uploads.ReleaseAsync(id, lease, reached, CancellationToken.None);
        }

        if (reached == asset.UploadLength)
        {
            await validator.ValidateAsync(id, cancellationToken);
        }

        http.Response.Headers["Upload-Offset"] = reached.ToString(CultureInfo.InvariantCulture);
        SetExpires(http, uploads.ExpiresAt(time.GetUtcNow()));
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Renews the PATCH's lease every third of it while the body streams in (a whole file may come in one PATCH);
    /// when the lease was lost the write is stopped, since another PATCH may now own the upload.
    /// </summary>
    private static async Task RenewWhileWritingAsync(Guid id, string lease, IServiceScopeFactory scopes, MediaOptions options, TimeProvider time, CancellationTokenSource writing)
    {
        using var timer = new PeriodicTimer(options.Lease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(writing.Token))
            {
                await using var scope = scopes.CreateAsyncScope();
                if (!await scope.ServiceProvider.GetRequiredService<ResumableUploads>().RenewAsync(id, lease, writing.Token))
                {
                    await writing.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The write ended.
        }
    }

    private static async Task<IResult> TerminateAsync(Guid id, HttpContext http, MediaDbContext db, IMediaAccess access, IMediaStorage storage, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var asset = await db.Assets.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (await DenyAsync(asset, http.User, access, cancellationToken) is { } denied)
        {
            return denied;
        }

        if (asset!.Status == MediaStatus.Processing)
        {
            // The worker owns the files while it runs.
            return TypedResults.Conflict();
        }

        // A PATCH writing to the upload holds its lease, taken by a conditional UPDATE (ResumableUploads.ClaimAsync); the
        // DELETE is as conditional, so on one node or several the bytes are never removed under a writer: the client is
        // told 409 and terminates once the PATCH has ended (or its lease has run out).
        var now = time.GetUtcNow();
        var deleted = await db.Assets
            .Where(a => a.Id == id && a.Status != MediaStatus.Processing
                && (a.Status != MediaStatus.Uploading || a.LeaseExpiresAt == null || a.LeaseExpiresAt < now))
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return TypedResults.Conflict();
        }

        await storage.DeleteAssetAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, MediaDbContext db, IMediaAccess access, MediaUrlSigner signer, IMediaStorage storage, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return await DenyAsync(asset, http.User, access, cancellationToken) ?? TypedResults.Ok(MediaStatusResponse.From(asset!, signer, await storage.IsPublishedAsync(id, cancellationToken)));
    }

    private static async Task<IResult> RetryAsync(Guid id, HttpContext http, MediaDbContext db, IMediaAccess access, MediaUrlSigner signer, IMediaStorage storage, TranscodeSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (await DenyAsync(asset, http.User, access, cancellationToken) is { } denied)
        {
            return denied;
        }

        if (asset!.Status != MediaStatus.Failed || asset.Failure != MediaFailure.TranscodeFailed)
        {
            return TypedResults.Conflict();
        }

        asset.Requeue(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return TypedResults.Accepted($"/api/v1/media/{id}", MediaStatusResponse.From(asset, signer, await storage.IsPublishedAsync(id, cancellationToken)));
    }

    /// <summary>404 when the asset does not exist, 403 unless the caller owns it, is an admin or manages its lesson.</summary>
    private static async Task<IResult?> DenyAsync(MediaAsset? asset, ClaimsPrincipal user, IMediaAccess access, CancellationToken cancellationToken) =>
        asset is null ? TypedResults.NotFound()
        : asset.OwnerId == UserId(user) || user.IsInRole("Admin") ? null
        : asset.LessonId is { } lessonId && await access.MayManageLessonAsync(user, lessonId, cancellationToken) ? null
        : TypedResults.Forbid();

    /// <summary>tus expiration: when the upload is deleted unless more of it arrives, in RFC 7231 date format.</summary>
    private static void SetExpires(HttpContext http, DateTimeOffset expires) =>
        http.Response.Headers["Upload-Expires"] = expires.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The refusal's kind, so the host can word it in the user's language.</summary>
    private static Dictionary<string, object?> Refused(UploadRefusal refusal) => new() { ["refusal"] = refusal.ToString() };

    internal static string UserId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? "";

    /// <summary>tus Upload-Metadata: comma-separated "key base64value" pairs (the value may be absent).</summary>
    internal static Dictionary<string, string> ParseMetadata(string? header)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            try
            {
                result[parts[0]] = parts.Length == 2 ? Encoding.UTF8.GetString(Convert.FromBase64String(parts[1])) : "";
            }
            catch (FormatException)
            {
                // A value that is not base64 is ignored, as if the client had not sent it.
            }
        }

        return result;
    }
}

/// <summary>
/// The JSON a client polls for an asset's state. Error is the failure kind (NotMedia, NoVideoStream,
/// ZeroDuration, Truncated, TranscodeFailed) and Detail the tool's own words without absolute paths; the URLs are signed and
/// work without a cookie or token until they expire.
/// </summary>
internal sealed record MediaStatusResponse(Guid Id, string Status, double Progress, double? DurationSeconds, string? Error, string? Detail,
    int? LessonId, string? PlaylistUrl, string? PosterUrl)
{
    public static MediaStatusResponse From(MediaAsset asset, MediaUrlSigner signer, bool playable)
    {
        // Playable before Ready when the source was published as it is while the ladder encodes.
        var signed = asset.Status == MediaStatus.Ready || playable ? signer.SignedBase(asset.Id) : null;
        return new(asset.Id, asset.Status.ToString().ToLowerInvariant(), asset.Progress, asset.DurationSeconds,
            asset.Status == MediaStatus.Failed ? asset.Failure.ToString() : null,
            asset.Status == MediaStatus.Failed ? FailureDetail.WithoutPaths(asset.Error) : null, asset.LessonId,
            signed is null ? null : signed + "master.m3u8",
            signed is null ? null : signed + "poster.jpg");
    }
}
