using System.Text.RegularExpressions;
using LearnHub.Media.Data;
using LearnHub.Media.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace LearnHub.Media.Streaming;

/// <summary>
/// Serves playlists, segments, posters and slides. Two ways in: a signed URL (the capability was
/// checked when the URL was issued) or a per-request check of the signed-in user against the lesson's
/// course. Only known file kinds with plain names are served, so no path can leave an asset's folder.
/// </summary>
public static partial class StreamingEndpoints
{
    /// <summary>
    /// Maps /media. Returns the group of per-request routes, so the host applies its authorization
    /// policy to them. The signed route stays outside that group: the URL itself is the credential, and
    /// under a policy that names authentication schemes, ASP.NET Core's authorization would read (and
    /// decrypt) the sign-in cookie a browser sends with every segment, even for an anonymous route.
    /// </summary>
    public static RouteGroupBuilder MapMediaStreaming(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var media = endpoints.MapGroup("/media").ExcludeFromDescription();
        media.MapMethods("/{id:guid}/s/{token}/{**path}", [HttpMethods.Get, HttpMethods.Head], SignedAsync).AllowAnonymous();
        var perRequest = media.MapGroup("");
        perRequest.MapMethods("/{id:guid}/{**path}", [HttpMethods.Get, HttpMethods.Head], CheckedAsync);
        perRequest.MapMethods("/lessons/{lessonId:int}/slides.pdf", [HttpMethods.Get, HttpMethods.Head], SlidesAsync);
        return perRequest;
    }

    /// <summary>
    /// True for a signed URL (/media/{id}/s/{token}/…): the URL is the credential and no sign-in is
    /// read, so the host need not authenticate the request (every video segment takes this path).
    /// </summary>
    public static bool IsSigned(PathString path)
    {
        if (!path.StartsWithSegments("/media", StringComparison.Ordinal, out var rest) || rest.Value is not { Length: > 1 } value)
        {
            return false;
        }

        var afterMedia = value.AsSpan(1);
        var slash = afterMedia.IndexOf('/');
        return slash > 0 && Guid.TryParse(afterMedia[..slash], out _) && afterMedia[slash..].StartsWith("/s/", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?:[a-z0-9_]{1,32}/)?[a-z0-9_]{1,64}\.(m3u8|ts|m4s|mp4|jpg)$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    private static async Task<IResult> SignedAsync(Guid id, string token, string? path, HttpContext http, MediaUrlSigner signer,
        IMediaStorage storage, SegmentTimeline timeline, IMediaDeliveries deliveries, CancellationToken cancellationToken)
    {
        if (!signer.IsValid(id, token, out var playbackId))
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        // A segment fetched through a playback's URLs is the evidence that its stretch of media reached that player.
        if (playbackId is { } playback && HttpMethods.IsGet(http.Request.Method) && path is not null && path.EndsWith(".ts", StringComparison.Ordinal)
            && FileName().IsMatch(path) && await timeline.SpanAsync(id, path, cancellationToken) is { } span)
        {
            deliveries.SegmentServed(id, playback, span.Start, span.End);
        }

        // Whatever has been published is served: a ready ladder, or the as-is rendition while the ladder
        // encodes. No database query: the signature was issued for this asset, and a deleted asset's
        // files are gone, so the storage answers 404 (this is the path every segment request takes).
        return await ServeAsync(http, storage, id, path, cancellationToken);
    }

    private static async Task<IResult> CheckedAsync(Guid id, string? path, HttpContext http, IMediaAccess access,
        MediaDbContext db, IMediaStorage storage, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (asset is null)
        {
            return TypedResults.NotFound();
        }

        var allowed = asset.OwnerId == MediaEndpoints.UserId(http.User) || http.User.IsInRole("Admin")
            || (asset.LessonId is { } lessonId && await access.MayWatchLessonAsync(http.User, lessonId, cancellationToken));
        return allowed ? await ServeAsync(http, storage, id, path, cancellationToken) : TypedResults.StatusCode(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> SlidesAsync(int lessonId, HttpContext http, IMediaAccess access, IMediaStorage storage, CancellationToken cancellationToken)
    {
        if (!await access.MayWatchLessonAsync(http.User, lessonId, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (await storage.OpenSlidesAsync(lessonId, cancellationToken) is not { } slides)
        {
            return TypedResults.NotFound();
        }

        // The same lesson may get new slides: revalidate every time (cheap with the ETag).
        http.Response.Headers.CacheControl = "private, no-cache";
        // The course page shows the PDF in a frame of its own origin; everything else stays unframeable.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.XFrameOptions = "SAMEORIGIN";
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'self'";
            return Task.CompletedTask;
        });
        return TypedResults.File(slides.Content, "application/pdf", lastModified: slides.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{slides.LastModified.UtcTicks:x}-{slides.Content.Length:x}\""), enableRangeProcessing: true);
    }

    private static async Task<IResult> ServeAsync(HttpContext http, IMediaStorage storage, Guid id, string? path, CancellationToken cancellationToken)
    {
        if (path is null || !FileName().IsMatch(path) || await storage.OpenReadAsync(id, path, cancellationToken) is not { } file)
        {
            return TypedResults.NotFound();
        }

        var extension = Path.GetExtension(path);
        // Segment names are never reused with other content, so segments are kept for good. Playlists and
        // the poster are revalidated: a source served as it is gets its ladder's master playlist later.
        http.Response.Headers.CacheControl = extension is ".ts" or ".m4s" or ".mp4"
            ? "private, max-age=31536000, immutable"
            : "private, no-cache";
        var contentType = extension switch
        {
            ".m3u8" => "application/vnd.apple.mpegurl",
            ".ts" => "video/mp2t",
            ".m4s" => "video/iso.segment",
            ".mp4" => "video/mp4",
            _ => "image/jpeg",
        };
        return TypedResults.File(file.Content, contentType, lastModified: file.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{file.LastModified.UtcTicks:x}-{file.Content.Length:x}\""), enableRangeProcessing: true);
    }
}
