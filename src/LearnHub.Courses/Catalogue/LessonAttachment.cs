namespace LearnHub.Courses.Catalogue;

/// <summary>
/// A file a lesson carries for its trainees to download (a template, a handout). The bytes live in the host's
/// data folder under <see cref="StoredName"/>; the name shown and sent is <see cref="FileName"/>.
/// </summary>
public sealed class LessonAttachment
{
    public int Id { get; set; }

    public int LessonId { get; set; }

    /// <summary>The uploader's file name, cleaned of paths and characters no file system takes.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The type decided from the file's extension once its first bytes agreed with it.</summary>
    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>The file's name in the store: generated, never the uploader's.</summary>
    public string StoredName { get; set; } = "";

    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>The uploading account's id.</summary>
    public string UploadedBy { get; set; } = "";
}
