using System.Buffers.Binary;
using System.Text;
using PdfSharp.Fonts;

namespace LearnHub.Web.Features.Hours;

/// <summary>
/// Gives PDFsharp a font with Chinese and Latin glyphs. PDFsharp cannot read a font collection
/// (.ttc), and Debian ships CJK fonts only as collections, so one face is cut out of the collection
/// into a stand-alone font in memory: its table directory is rewritten with offsets into a new file
/// and the tables copied after it. WenQuanYi Micro Hei (fonts-wqy-microhei) comes first because its
/// outlines are TrueType, which PDFsharp subsets: a transcript embeds only the glyphs it uses (tens
/// of kilobytes). Noto Sans CJK (fonts-noto-cjk) works too, but its outlines are CFF, which PDFsharp
/// embeds whole, so each transcript would carry the full 16 MB font.
/// </summary>
internal sealed class CjkFont : IFontResolver
{
    public const string Family = "LearnHub CJK";

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ];

    private static readonly Lock Gate = new();
    private static bool _installed;
    private readonly byte[] _face;

    private CjkFont(byte[] face) => _face = face;

    /// <summary>Installs the resolver once per process; PDFsharp's font settings are global.</summary>
    public static void Install(string? configuredPath)
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            var path = configuredPath is { Length: > 0 } ? configuredPath : Candidates.FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException("No CJK font found for PDF transcripts; install fonts-wqy-microhei or set Pdf:FontPath.");
            PdfSharp.PdfSharpLicense.SetAgplLicense();
            GlobalFontSettings.FontResolver = new CjkFont(Load(path));
            _installed = true;
        }
    }

    public byte[]? GetFont(string faceName) => _face;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(Family, bold, false);

    internal static byte[] Load(string path)
    {
        var data = File.ReadAllBytes(path);
        return data.AsSpan(0, 4).SequenceEqual("ttcf"u8) ? ExtractFace(data, PreferredFace(data)) : data;
    }

    /// <summary>The face whose name table mentions Simplified Chinese ("CJK SC"), else the first.</summary>
    private static int PreferredFace(byte[] data)
    {
        var count = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8));
        var marker = Encoding.BigEndianUnicode.GetBytes("CJK SC");
        for (var i = 0; i < count; i++)
        {
            var (offset, length) = FindTable(data, FaceOffset(data, i), "name"u8);
            if (length > 0 && data.AsSpan(offset, length).IndexOf(marker) >= 0)
            {
                return i;
            }
        }

        return 0;
    }

    private static int FaceOffset(byte[] data, int index) => (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(12 + 4 * index));

    private static (int Offset, int Length) FindTable(byte[] data, int face, ReadOnlySpan<byte> tag)
    {
        var tables = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(face + 4));
        for (var t = 0; t < tables; t++)
        {
            var record = face + 12 + 16 * t;
            if (data.AsSpan(record, 4).SequenceEqual(tag))
            {
                return ((int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(record + 8)), (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(record + 12)));
            }
        }

        return (0, 0);
    }

    private static byte[] ExtractFace(byte[] data, int index)
    {
        var face = FaceOffset(data, index);
        var tables = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(face + 4));
        var headerLength = 12 + 16 * tables;
        using var output = new MemoryStream();
        output.Write(data, face, 12);
        var position = headerLength;
        var directory = new byte[16 * tables];
        for (var t = 0; t < tables; t++)
        {
            var record = face + 12 + 16 * t;
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(record + 12));
            data.AsSpan(record, 16).CopyTo(directory.AsSpan(16 * t));
            BinaryPrimitives.WriteUInt32BigEndian(directory.AsSpan(16 * t + 8), (uint)position);
            position += (length + 3) & ~3;
        }

        output.Write(directory);
        for (var t = 0; t < tables; t++)
        {
            var record = face + 12 + 16 * t;
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(record + 8));
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(record + 12));
            output.Write(data, offset, length);
            output.Write(new byte[((length + 3) & ~3) - length]);
        }

        return output.ToArray();
    }
}
