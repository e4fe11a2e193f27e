namespace LearnHub.Web.Features.Catalogue.Media;

/// <summary>The check every PDF upload gets at the edge (lesson slides, live-lecture decks).</summary>
internal static class PdfFile
{
    /// <summary>A PDF starts with "%PDF-"; the file name and the browser's content type prove nothing.</summary>
    public static async Task<bool> HasSignatureAsync(IFormFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var head = new byte[5];
        await using var stream = file.OpenReadStream();
        return await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken) == head.Length
            && head.AsSpan().SequenceEqual("%PDF-"u8);
    }
}
