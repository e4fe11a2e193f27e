using System.Buffers.Binary;
using SkiaSharp;

namespace LearnHub.Web.Features.Compliance.Hours;

/// <summary>
/// The font transcripts are written in: one with Chinese and Latin glyphs, reduced to the glyphs a
/// document uses. Debian ships CJK fonts as collections (.ttc) of several megabytes, and Skia's PDF
/// backend embeds a font whole, so every transcript would carry the full font. Before drawing, the
/// document's glyphs are known; <see cref="Subset"/> copies the face with every other glyph's outline
/// emptied (glyph ids, metrics and character map unchanged, so layout is identical) and the glyph
/// names dropped. That needs TrueType outlines, which WenQuanYi Micro Hei (fonts-wqy-microhei) has;
/// Noto Sans CJK (CFF outlines) still works as a fallback, embedded whole.
/// </summary>
internal sealed class CjkFont
{
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ];

    // Tables a PDF reader never needs to draw the glyphs: bitmap strikes and the signature.
    private static readonly HashSet<string> Dropped = ["EBDT", "EBLC", "EBSC", "DSIG", "LTSH", "hdmx", "VDMX"];

    private static readonly Lock Gate = new();
    private static CjkFont? _shared;

    private readonly byte[] _file;
    private readonly int _faceOffset;

    private CjkFont(byte[] file, int faceIndex, SKTypeface typeface)
    {
        _file = file;
        _faceOffset = file.AsSpan(0, 4).SequenceEqual("ttcf"u8) ? ReadInt(file, 12 + 4 * faceIndex) : 0;
        Typeface = typeface;
    }

    /// <summary>The whole face, for measuring and for finding glyph ids.</summary>
    public SKTypeface Typeface { get; }

    /// <summary>Loads the font once per process; it is immutable and shared by every render.</summary>
    public static CjkFont Shared(string? configuredPath)
    {
        lock (Gate)
        {
            return _shared ??= Load(configuredPath is { Length: > 0 } ? configuredPath : Candidates.FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException("No CJK font found for PDF transcripts; install fonts-wqy-microhei or set Pdf:FontPath."));
        }
    }

    /// <summary>
    /// Paints a document whose every text is known before drawing, with a typeface embedding only those texts' glyphs;
    /// the subset lives as long as the painting.
    /// </summary>
    public byte[] Paint(IEnumerable<string> texts, Func<SKTypeface, byte[]> paint)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(paint);
        using var measuring = new SKFont(Typeface);
        var typeface = Subset(texts.SelectMany(text => measuring.GetGlyphs(text)));
        try
        {
            return paint(typeface);
        }
        finally
        {
            // Dispose only a subset made for this document, never the shared face.
            if (!ReferenceEquals(typeface, Typeface))
            {
                typeface.Dispose();
            }
        }
    }

    /// <summary>A typeface holding only <paramref name="glyphs"/> (and .notdef), or the whole face when its outlines are not TrueType.</summary>
    private SKTypeface Subset(IEnumerable<ushort> glyphs)
    {
        var tables = Tables();
        if (!tables.ContainsKey("glyf") || !tables.ContainsKey("loca"))
        {
            return Typeface;
        }

        var data = SubsetFont(tables, glyphs);
        return SKTypeface.FromData(SKData.CreateCopy(data)) ?? Typeface;
    }

    private static CjkFont Load(string path)
    {
        // Pick the Simplified Chinese face of a collection, so Noto's Japanese or Korean glyph forms are not used.
        var chosen = 0;
        SKTypeface? typeface = null;
        for (var index = 0; SKTypeface.FromFile(path, index) is { } face; index++)
        {
            if (typeface is null || face.FamilyName.Contains(" SC", StringComparison.Ordinal))
            {
                typeface?.Dispose();
                (typeface, chosen) = (face, index);
                if (face.FamilyName.Contains(" SC", StringComparison.Ordinal))
                {
                    break;
                }
            }
            else
            {
                face.Dispose();
            }
        }

        return new CjkFont(File.ReadAllBytes(path), chosen,
            typeface ?? throw new InvalidDataException($"{path} holds no font that can be read."));
    }

    private Dictionary<string, (int Offset, int Length)> Tables()
    {
        var count = ReadUShort(_file, _faceOffset + 4);
        var tables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (var t = 0; t < count; t++)
        {
            var record = _faceOffset + 12 + 16 * t;
            tables[System.Text.Encoding.ASCII.GetString(_file, record, 4)] = (ReadInt(_file, record + 8), ReadInt(_file, record + 12));
        }

        return tables;
    }

    private byte[] SubsetFont(Dictionary<string, (int Offset, int Length)> tables, IEnumerable<ushort> glyphs)
    {
        var head = tables["head"];
        var longLoca = ReadUShort(_file, head.Offset + 50) == 1;
        var glyphCount = ReadUShort(_file, tables["maxp"].Offset + 4);
        var (locaOffset, glyfOffset) = (tables["loca"].Offset, tables["glyf"].Offset);
        int Start(int glyph) => longLoca ? ReadInt(_file, locaOffset + 4 * glyph) : 2 * ReadUShort(_file, locaOffset + 2 * glyph);

        // Keep .notdef, the requested glyphs, and the parts composite glyphs are built from.
        var keep = new HashSet<int>();
        var pending = new Stack<int>(glyphs.Select(g => (int)g).Where(g => g < glyphCount).Append(0));
        while (pending.TryPop(out var glyph))
        {
            if (!keep.Add(glyph))
            {
                continue;
            }

            var (start, end) = (Start(glyph), Start(glyph + 1));
            if (end - start >= 10 && (short)ReadUShort(_file, glyfOffset + start) < 0)
            {
                foreach (var component in Components(glyfOffset + start + 10))
                {
                    if (component < glyphCount && !keep.Contains(component))
                    {
                        pending.Push(component);
                    }
                }
            }
        }

        using var glyf = new MemoryStream();
        var loca = new byte[4 * (glyphCount + 1)];
        for (var glyph = 0; glyph < glyphCount; glyph++)
        {
            BinaryPrimitives.WriteInt32BigEndian(loca.AsSpan(4 * glyph), (int)glyf.Length);
            if (keep.Contains(glyph))
            {
                var (start, end) = (Start(glyph), Start(glyph + 1));
                glyf.Write(_file, glyfOffset + start, end - start);
                glyf.Write(new byte[((end - start + 3) & ~3) - (end - start)]);
            }
        }

        BinaryPrimitives.WriteInt32BigEndian(loca.AsSpan(4 * glyphCount), (int)glyf.Length);

        var newHead = _file.AsSpan(head.Offset, head.Length).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(newHead.AsSpan(8), 0); // checkSumAdjustment, not recomputed
        BinaryPrimitives.WriteUInt16BigEndian(newHead.AsSpan(50), 1); // loca is now long offsets

        // post format 3: no glyph names (they are half a megabyte in WenQuanYi and unused in a PDF).
        byte[]? post = null;
        if (tables.TryGetValue("post", out var oldPost) && oldPost.Length >= 32)
        {
            post = _file.AsSpan(oldPost.Offset, 32).ToArray();
            BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000);
        }

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (tag, (offset, length)) in tables)
        {
            if (!Dropped.Contains(tag))
            {
                output[tag] = _file.AsSpan(offset, length).ToArray();
            }
        }

        output["glyf"] = glyf.ToArray();
        output["loca"] = loca;
        output["head"] = newHead;
        if (post is not null)
        {
            output["post"] = post;
        }

        return Assemble(output);
    }

    /// <summary>The glyph ids a composite glyph refers to (OpenType glyf, composite glyph description).</summary>
    private IEnumerable<int> Components(int position)
    {
        const int ArgsAreWords = 0x0001, HasScale = 0x0008, MoreComponents = 0x0020, HasXyScale = 0x0040, HasTwoByTwo = 0x0080;
        int flags;
        do
        {
            flags = ReadUShort(_file, position);
            yield return ReadUShort(_file, position + 2);
            position += 4 + ((flags & ArgsAreWords) != 0 ? 4 : 2);
            position += (flags & HasScale) != 0 ? 2 : (flags & HasXyScale) != 0 ? 4 : (flags & HasTwoByTwo) != 0 ? 8 : 0;
        }
        while ((flags & MoreComponents) != 0);
    }

    private byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var searchRange = 16 * (1 << (int)Math.Floor(Math.Log2(count)));
        using var output = new MemoryStream();
        var header = new byte[12 + 16 * count];
        _file.AsSpan(_faceOffset, 4).CopyTo(header); // sfnt version
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)Math.Floor(Math.Log2(count)));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)(16 * count - searchRange));
        var position = header.Length;
        var index = 0;
        foreach (var (tag, data) in tables)
        {
            var record = header.AsSpan(12 + 16 * index++);
            System.Text.Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(data));
            BinaryPrimitives.WriteInt32BigEndian(record[8..], position);
            BinaryPrimitives.WriteInt32BigEndian(record[12..], data.Length);
            position += (data.Length + 3) & ~3;
        }

        output.Write(header);
        foreach (var data in tables.Values)
        {
            output.Write(data);
            output.Write(new byte[((data.Length + 3) & ~3) - data.Length]);
        }

        return output.ToArray();
    }

    private static uint Checksum(byte[] data)
    {
        uint sum = 0;
        Span<byte> word = stackalloc byte[4];
        for (var i = 0; i < data.Length; i += 4)
        {
            word.Clear();
            data.AsSpan(i, Math.Min(4, data.Length - i)).CopyTo(word);
            sum += BinaryPrimitives.ReadUInt32BigEndian(word);
        }

        return sum;
    }

    private static int ReadInt(byte[] data, int offset) => (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));

    private static ushort ReadUShort(byte[] data, int offset) => BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset));
}
