using System.Text;
using System.Text.Unicode;

namespace LearnHub.Web.Features.Catalogue.Attachments;

/// <summary>A document as the store keeps it: the cleaned name shown and sent, its type, size and generated stored name.</summary>
public sealed record StoredDocument(string FileName, string ContentType, long Size, string StoredName);

/// <summary>
/// The documents people upload — a lesson's templates and handouts, a trainee's reflection attachment — kept under the
/// data folder (attachments/{stored name}). Each caller names the types it takes; a file is taken only when its first
/// bytes agree with its extension, so a renamed program or page is refused. A file is written beside its final name
/// and moved into place, so the store never holds half a file under a name a row points to.
/// </summary>
public sealed class DocumentStore(IConfiguration configuration)
{
    private const int NameLength = 120;

    private static ReadOnlySpan<byte> ZipEntry => [0x50, 0x4B, 0x03, 0x04];

    private static ReadOnlySpan<byte> EmptyZip => [0x50, 0x4B, 0x05, 0x06];

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".zip"] = "application/zip",
        [".txt"] = "text/plain; charset=utf-8",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
    };

    private string Folder => Path.Combine(configuration["LearnHub:DataPath"]!, "attachments");

    public string PathOf(string storedName) => Path.Combine(Folder, storedName);

    /// <summary>What is wrong with a file before a byte of it is read: nothing sent, too large, or a type the caller does not take.</summary>
    public static AttachmentProblem Precheck(string? fileName, long length, IReadOnlyCollection<string> extensions, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        var extension = Path.GetExtension(CleanName(fileName)).ToLowerInvariant();
        return length <= 0 ? AttachmentProblem.Empty
            : length > maxBytes ? AttachmentProblem.TooLarge
            : !extensions.Contains(extension) || !Types.ContainsKey(extension) ? AttachmentProblem.WrongType
            : AttachmentProblem.None;
    }

    /// <summary>Checks and stores a file; a refused file leaves nothing behind.</summary>
    public async Task<(AttachmentProblem Problem, StoredDocument? Document)> SaveAsync(string? fileName, long length, Stream content,
        IReadOnlyCollection<string> extensions, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (Precheck(fileName, length, extensions, maxBytes) is not AttachmentProblem.None and var problem)
        {
            return (problem, null);
        }

        var name = CleanName(fileName);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        Directory.CreateDirectory(Folder);
        var stored = Guid.NewGuid().ToString("N");
        var final = PathOf(stored);
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
                if (written > maxBytes || written == 0 || !Agrees(extension, head))
                {
                    File.Delete(temporary);
                    return (written > maxBytes ? AttachmentProblem.TooLarge : written == 0 ? AttachmentProblem.Empty : AttachmentProblem.WrongType, null);
                }
            }

            File.Move(temporary, final);
            return (AttachmentProblem.None, new StoredDocument(name, Types[extension], written, stored));
        }
        catch
        {
            File.Delete(temporary);
            File.Delete(final);
            throw;
        }
    }

    /// <summary>Removes a stored file (after its row: a file without a row is never served; a row without its file would be).</summary>
    public void Delete(string storedName) => File.Delete(PathOf(storedName));

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

    /// <summary>Whether the leading bytes are what the extension promises: PDF's header, a ZIP container for Office and ZIP files, an image's signature, text without NULs.</summary>
    public static bool Agrees(string extension, ReadOnlySpan<byte> head) => extension switch
    {
        ".pdf" => head.StartsWith("%PDF-"u8),
        ".docx" or ".xlsx" or ".pptx" => head.StartsWith(ZipEntry),
        ".zip" => head.StartsWith(ZipEntry) || head.StartsWith(EmptyZip),
        ".png" => head.StartsWith(Png),
        ".jpg" or ".jpeg" => head.StartsWith(Jpeg),
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
