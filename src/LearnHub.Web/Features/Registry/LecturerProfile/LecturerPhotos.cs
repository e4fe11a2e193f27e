using System.Globalization;

namespace LearnHub.Web.Features.Registry.LecturerProfile;

public enum PhotoProblem
{
    None,
    Empty,
    TooLarge,
    NotAnImage,
}

/// <summary>
/// Lecturers' profile photos, one file per lecturer under the data folder (lecturers/{id}.photo). The
/// type is decided by the file's first bytes, never by its name or the browser's word, and only JPEG,
/// PNG and WebP are kept, so what is served is always an image of the type it is served as.
/// </summary>
public sealed class LecturerPhotos(IConfiguration configuration)
{
    public const long MaxBytes = 2 * 1024 * 1024;

    private string Folder => Path.Combine(configuration["LearnHub:DataPath"]!, "lecturers");

    public string PathOf(int lecturerId) => Path.Combine(Folder, lecturerId.ToString(CultureInfo.InvariantCulture) + ".photo");

    /// <summary>The media type the leading bytes show, or null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return "image/jpeg";
        }

        if (head.Length >= 8 && head[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    /// <summary>Checks and stores a photo; returns its media type, or the problem. A refused file leaves the old photo in place.</summary>
    public async Task<(string? ContentType, PhotoProblem Problem)> SaveAsync(int lecturerId, IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (null, PhotoProblem.Empty);
        }

        if (file.Length > MaxBytes)
        {
            return (null, PhotoProblem.TooLarge);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await using (var input = file.OpenReadStream())
        {
            await input.CopyToAsync(buffer, cancellationToken);
        }

        if (buffer.Length > MaxBytes)
        {
            return (null, PhotoProblem.TooLarge);
        }

        var type = Sniff(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (type is null)
        {
            return (null, PhotoProblem.NotAnImage);
        }

        // Written beside the old file and moved over it, so a reader never sees half a photo.
        Directory.CreateDirectory(Folder);
        var temporary = PathOf(lecturerId) + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, buffer.ToArray(), cancellationToken);
        File.Move(temporary, PathOf(lecturerId), overwrite: true);
        return (type, PhotoProblem.None);
    }
}
