namespace LearnHub.Web.Features;

/// <summary>Limits every spreadsheet import shares (rosters, training records, the API's record upload).</summary>
internal static class ImportLimits
{
    /// <summary>The largest spreadsheet taken.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>
    /// The request and multipart limit: a little above the file limit, so that a slightly larger file gets
    /// LearnHub's message, not a 400.
    /// </summary>
    public const long MaxRequestBytes = MaxBytes + 1024 * 1024;
}
