using System.Security.Claims;

namespace LearnHub.Media;

/// <summary>
/// Who may do what with a lesson's media. Media knows assets only by lesson id; the host, which knows
/// courses and their lecturers, answers (Media never references the catalogue). The default lets
/// administrators manage and watch everything and nobody else anything.
/// </summary>
public interface IMediaAccess
{
    /// <summary>Whether the user may upload to, replace or delete the media of this lesson.</summary>
    Task<bool> MayManageLessonAsync(ClaimsPrincipal user, int lessonId, CancellationToken cancellationToken);

    /// <summary>Whether the user may watch this lesson's video and read its slides.</summary>
    Task<bool> MayWatchLessonAsync(ClaimsPrincipal user, int lessonId, CancellationToken cancellationToken);
}

internal sealed class AdminOnlyMediaAccess : IMediaAccess
{
    public Task<bool> MayManageLessonAsync(ClaimsPrincipal user, int lessonId, CancellationToken cancellationToken) =>
        Task.FromResult(user.IsInRole("Admin"));

    public Task<bool> MayWatchLessonAsync(ClaimsPrincipal user, int lessonId, CancellationToken cancellationToken) =>
        Task.FromResult(user.IsInRole("Admin"));
}
