using System.Text;
using System.Text.Unicode;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Catalogue.Attachments;

public enum AttachmentProblem
{
    None,
    Empty,
    TooLarge,
    WrongType,
    TooMany,
}

/// <summary>An attachment as lists show it.</summary>
public sealed record AttachmentView(int Id, int LessonId, string FileName, long Size);

/// <summary>
/// The files lessons carry (templates, handouts), kept under the data folder (attachments/{stored name}). Only
/// document types trainees open with ordinary office software are taken, and only when the file's first bytes
/// agree with its extension, so a renamed program or page is refused. A file is written beside its final name
/// and moved into place, so the store never holds half a file under a name a row points to.
/// </summary>
public sealed class LessonAttachments(CoursesDbContext db, IConfiguration configuration, TimeProvider time)
{
    public const long MaxBytes = 20L * 1024 * 1024;

    public const int MaxPerLesson = 10;

    /// <summary>What the upload field offers; the same list the server enforces.</summary>
    public const string Accept = ".pdf,.docx,.xlsx,.pptx,.zip,.txt";

    private const int NameLength = 120;

    private static ReadOnlySpan<byte> ZipEntry => [0x50, 0x4B, 0x03, 0x04];

    private static ReadOnlySpan<byte> EmptyZip => [0x50, 0x4B, 0x05, 0x06];

    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".zip"] = "application/zip",
        [".txt"] = "text/plain; charset=utf-8",
    };

    private string Folder => Path.Combine(configuration["LearnHub:DataPath"]!, "attachments");

    public string PathOf(LessonAttachment attachment) => Path.Combine(Folder, attachment.StoredName);

    public async Task<IReadOnlyDictionary<int, IReadOnlyList<AttachmentView>>> ForLessonsAsync(IReadOnlyCollection<int> lessonIds, CancellationToken cancellationToken) =>
        (await db.LessonAttachments.AsNoTracking().Where(a => lessonIds.Contains(a.LessonId)).OrderBy(a => a.Id)
            .Select(a => new AttachmentView(a.Id, a.LessonId, a.FileName, a.Size)).ToListAsync(cancellationToken))
            .GroupBy(a => a.LessonId).ToDictionary(g => g.Key, g => (IReadOnlyList<AttachmentView>)[.. g]);

    public Task<LessonAttachment?> FindAsync(int lessonId, int id, CancellationToken cancellationToken) =>
        db.LessonAttachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.LessonId == lessonId, cancellationToken);

    /// <summary>Checks and stores a file for the lesson; a refused file leaves nothing behind.</summary>
    public async Task<AttachmentProblem> AddAsync(int lessonId, string? fileName, long length, Stream content, string uploadedBy, CancellationToken cancellationToken)
    {
        if (length <= 0)
        {
            return AttachmentProblem.Empty;
        }

        if (length > MaxBytes)
        {
            return AttachmentProblem.TooLarge;
        }

        var name = CleanName(fileName);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (!Types.TryGetValue(extension, out var contentType))
        {
            return AttachmentProblem.WrongType;
        }

        if (await db.LessonAttachments.CountAsync(a => a.LessonId == lessonId, cancellationToken) >= MaxPerLesson)
        {
            return AttachmentProblem.TooMany;
        }

        Directory.CreateDirectory(Folder);
        var stored = Guid.NewGuid().ToString("N");
        var final = Path.Combine(Folder, stored);
        var temporary = final + ".tmp";
        try
        {
            long written;
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(output, cancellationToken);
                await output.FlushAsync(cancellationToken);
                written = output.Length;
                output.Position = 0;
                var head = new byte[Math.Min(8192, written)];
                await output.ReadExactlyAsync(head, cancellationToken);
                if (written > MaxBytes || written == 0 || !Agrees(extension, head))
                {
                    File.Delete(temporary);
                    return written > MaxBytes ? AttachmentProblem.TooLarge : written == 0 ? AttachmentProblem.Empty : AttachmentProblem.WrongType;
                }
            }

            File.Move(temporary, final);
            db.LessonAttachments.Add(new LessonAttachment
            {
                LessonId = lessonId, FileName = name, ContentType = contentType, Size = written, StoredName = stored,
                UploadedAt = time.GetUtcNow(), UploadedBy = uploadedBy,
            });
            await db.SaveChangesAsync(cancellationToken);
            return AttachmentProblem.None;
        }
        catch
        {
            File.Delete(temporary);
            File.Delete(final);
            throw;
        }
    }

    /// <summary>Removes the row, then the file (a file without a row is never served; a row without its file would be).</summary>
    public async Task<bool> DeleteAsync(int lessonId, int id, CancellationToken cancellationToken)
    {
        var attachment = await db.LessonAttachments.SingleOrDefaultAsync(a => a.Id == id && a.LessonId == lessonId, cancellationToken);
        if (attachment is null)
        {
            return false;
        }

        db.LessonAttachments.Remove(attachment);
        await db.SaveChangesAsync(cancellationToken);
        File.Delete(PathOf(attachment));
        return true;
    }

    /// <summary>
    /// The last path segment (browsers on Windows may send the whole path), without control characters or those
    /// Windows refuses in a name, without leading or trailing dots and spaces, shortened with its extension kept.
    /// </summary>
    public static string CleanName(string? fileName)
    {
        var last = (fileName ?? "").Split('/', '\\')[^1];
        var builder = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
        {
            builder.Append(char.IsControl(c) || "<>:\"|?*".Contains(c, StringComparison.Ordinal) ? '_' : c);
        }

        var name = builder.ToString().Trim().Trim('.', ' ');
        var extension = Path.GetExtension(name);
        var stem = Path.GetFileNameWithoutExtension(name).Trim();
        if (stem.Length == 0)
        {
            stem = "attachment";
        }

        if (extension.Length > 10)
        {
            (stem, extension) = (stem + extension, "");
        }

        return (stem.Length + extension.Length > NameLength ? stem[..(NameLength - extension.Length)] : stem) + extension;
    }

    /// <summary>Whether the leading bytes are what the extension promises: PDF's header, a ZIP container for Office and ZIP files, text without NULs.</summary>
    public static bool Agrees(string extension, ReadOnlySpan<byte> head) => extension switch
    {
        ".pdf" => head.StartsWith("%PDF-"u8),
        ".docx" or ".xlsx" or ".pptx" => head.StartsWith(ZipEntry),
        ".zip" => head.StartsWith(ZipEntry) || head.StartsWith(EmptyZip),
        ".txt" => !head.Contains((byte)0) && IsUtf8(head),
        _ => false,
    };

    /// <summary>UTF-8 throughout, forgiving only a character cut off at the end of the sample.</summary>
    private static bool IsUtf8(ReadOnlySpan<byte> head)
    {
        for (var trim = 0; trim <= 3 && trim <= head.Length; trim++)
        {
            if (Utf8.IsValid(head[..^trim]))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A file's size as lists show it: KB under a megabyte, MB with one decimal above.</summary>
public static class AttachmentSize
{
    public static string Format(long bytes) => bytes < 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Max(1, (bytes + 1023) / 1024)} KB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024d / 1024d:0.0} MB");
}
