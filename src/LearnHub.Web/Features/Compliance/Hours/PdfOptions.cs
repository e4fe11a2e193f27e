namespace LearnHub.Web.Features.Compliance.Hours;

/// <summary>Settings of PDF transcripts: <c>Pdf:FontPath</c>, a CJK font file (a system font is looked for when unset).</summary>
public sealed class PdfOptions
{
    public const string Section = "Pdf";

    public string? FontPath { get; set; }
}
