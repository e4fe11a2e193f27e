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
/// The files lessons carry (templates, handouts), in the <see cref="DocumentStore"/>. Only document types trainees open
/// with ordinary office software are taken.
/// </summary>
public sealed class LessonAttachments(CoursesDbContext db, DocumentStore store, TimeProvider time)
{
    public const long MaxBytes = 20L * 1024 * 1024;

    public const int MaxPerLesson = 10;

    /// <summary>What the upload field offers; the same list the server enforces.</summary>
    public const string Accept = ".pdf,.docx,.xlsx,.pptx,.zip,.txt";

    private static readonly string[] Extensions = Accept.Split(',');

    public string PathOf(LessonAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return store.PathOf(attachment.StoredName);
    }

    public async Task<IReadOnlyDictionary<int, IReadOnlyList<AttachmentView>>> ForLessonsAsync(IReadOnlyCollection<int> lessonIds, CancellationToken cancellationToken) =>
        (await db.LessonAttachments.AsNoTracking().Where(a => lessonIds.Contains(a.LessonId)).OrderBy(a => a.Id)
            .Select(a => new AttachmentView(a.Id, a.LessonId, a.FileName, a.Size)).ToListAsync(cancellationToken))
            .GroupBy(a => a.LessonId).ToDictionary(g => g.Key, g => (IReadOnlyList<AttachmentView>)[.. g]);

    public Task<LessonAttachment?> FindAsync(int lessonId, int id, CancellationToken cancellationToken) =>
        db.LessonAttachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.LessonId == lessonId, cancellationToken);

    /// <summary>Checks and stores a file for the lesson; a refused file leaves nothing behind.</summary>
    public async Task<AttachmentProblem> AddAsync(int lessonId, string? fileName, long length, Stream content, string uploadedBy, CancellationToken cancellationToken)
    {
        if (DocumentStore.Precheck(fileName, length, Extensions, MaxBytes) is not AttachmentProblem.None and var problem)
        {
            return problem;
        }

        if (await db.LessonAttachments.CountAsync(a => a.LessonId == lessonId, cancellationToken) >= MaxPerLesson)
        {
            return AttachmentProblem.TooMany;
        }

        var (refused, document) = await store.SaveAsync(fileName, length, content, Extensions, MaxBytes, cancellationToken);
        if (document is null)
        {
            return refused;
        }

        try
        {
            db.LessonAttachments.Add(new LessonAttachment
            {
                LessonId = lessonId, FileName = document.FileName, ContentType = document.ContentType, Size = document.Size, StoredName = document.StoredName,
                UploadedAt = time.GetUtcNow(), UploadedBy = uploadedBy,
            });
            await db.SaveChangesAsync(cancellationToken);
            return AttachmentProblem.None;
        }
        catch
        {
            store.Delete(document.StoredName);
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
        store.Delete(attachment.StoredName);
        return true;
    }
}

/// <summary>A file's size as lists show it: KB under a megabyte, MB with one decimal above.</summary>
public static class AttachmentSize
{
    public static string Format(long bytes) => bytes < 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Max(1, (bytes + 1023) / 1024)} KB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024d / 1024d:0.0} MB");
}
