using System.Globalization;
using System.Text;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>A reflection's text to compare, by the id it is reported under.</summary>
public sealed record OverlapText(int Id, string Text);

/// <summary>
/// Two reflections that share text: the share of each covered by passages also in the other, the longest shared run
/// (in normalised characters) and the longest shared passages as the second text writes them.
/// </summary>
public sealed record OverlapPair(int FirstId, int SecondId, decimal FirstShare, decimal SecondShare, int LongestRun, IReadOnlyList<string> Passages)
{
    /// <summary>The larger share: a short text copied whole into a long one is 100% copied, whatever the long one adds.</summary>
    public decimal Share => Math.Max(FirstShare, SecondShare);

    public bool Involves(int id) => FirstId == id || SecondId == id;

    public int Other(int id) => FirstId == id ? SecondId : FirstId;
}

/// <summary>
/// Copying inside a class (查重): texts are compared on shingles, runs of <see cref="ShingleLength"/> characters after
/// whitespace and punctuation are dropped and letters folded (full-width to half-width, lower case), so re-spacing,
/// re-punctuating or changing 、 to ， does not hide a copied passage. One shared run is not enough to flag a pair:
/// reflections on Party building share long set phrases (以习近平新时代中国特色社会主义思想为指导 is 20 characters), so a pair
/// is flagged when the shared text covers <see cref="FlagShare"/> of either reflection or one shared run reaches
/// <see cref="LongRun"/> characters. Pure and deterministic: the same texts give the same pairs in the same order.
/// </summary>
public static class ReflectionOverlap
{
    public const int ShingleLength = 13;

    /// <summary>The share of a reflection that, shared with another, flags the pair.</summary>
    public const decimal FlagShare = 0.15m;

    /// <summary>A single shared run this long (normalised characters) flags the pair whatever the share.</summary>
    public const int LongRun = 50;

    /// <summary>How many passages a pair reports, longest first.</summary>
    public const int PassagesShown = 3;

    /// <summary>The flagged pairs among the texts, the largest share first.</summary>
    public static IReadOnlyList<OverlapPair> Flag(IEnumerable<OverlapText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var prepared = texts.OrderBy(t => t.Id).Select(t => new Prepared(t)).ToList();
        var pairs = new List<OverlapPair>();
        for (var i = 0; i < prepared.Count; i++)
        {
            for (var j = i + 1; j < prepared.Count; j++)
            {
                if (Compare(prepared[i], prepared[j]) is { } pair && IsFlagged(pair))
                {
                    pairs.Add(pair);
                }
            }
        }

        return pairs.OrderByDescending(p => p.Share).ThenBy(p => p.FirstId).ThenBy(p => p.SecondId).ToList();
    }

    /// <summary>What two texts share; null when they share no run of <see cref="ShingleLength"/> characters.</summary>
    public static OverlapPair? Compare(OverlapText first, OverlapText second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Compare(new Prepared(first), new Prepared(second));
    }

    public static bool IsFlagged(OverlapPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return pair.Share >= FlagShare || pair.LongestRun >= LongRun;
    }

    private static OverlapPair? Compare(Prepared a, Prepared b)
    {
        var coveredA = new bool[a.Length];
        var coveredB = new bool[b.Length];
        var any = false;
        for (var j = 0; j + ShingleLength <= b.Length; j++)
        {
            if (!a.Shingles.TryGetValue(b.Shingle(j), out var starts))
            {
                continue;
            }

            any = true;
            Array.Fill(coveredB, true, j, ShingleLength);
            foreach (var i in starts)
            {
                Array.Fill(coveredA, true, i, ShingleLength);
            }
        }

        if (!any)
        {
            return null;
        }

        // Passages as the second text writes them: each maximal covered run, from its first kept character to its last.
        var runs = new List<(int Start, int Length)>();
        for (var j = 0; j < b.Length;)
        {
            if (!coveredB[j])
            {
                j++;
                continue;
            }

            var start = j;
            while (j < b.Length && coveredB[j])
            {
                j++;
            }

            runs.Add((start, j - start));
        }

        var passages = runs.OrderByDescending(r => r.Length).ThenBy(r => r.Start).Take(PassagesShown)
            .Select(r => b.Original(r.Start, r.Length)).ToList();
        return new OverlapPair(a.Id, b.Id, Share(coveredA), Share(coveredB), runs.Max(r => r.Length), passages);
    }

    private static decimal Share(bool[] covered) => covered.Length == 0 ? 0 : Math.Round((decimal)covered.Count(c => c) / covered.Length, 4);

    /// <summary>A text normalised once: its kept characters, where each came from, and its shingles with their starts.</summary>
    private sealed class Prepared
    {
        private readonly string _source;
        private readonly string _normal;
        private readonly List<int> _normalStart = [];
        private readonly List<(int Start, int End)> _origin = [];

        public Prepared(OverlapText text)
        {
            Id = text.Id;
            _source = text.Text ?? "";
            var normal = new StringBuilder(_source.Length);
            var index = 0;
            foreach (var rune in _source.EnumerateRunes())
            {
                var width = rune.Utf16SequenceLength;
                if (Kept(rune))
                {
                    _normalStart.Add(normal.Length);
                    normal.Append(rune.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant());
                    _origin.Add((index, index + width));
                }

                index += width;
            }

            _normalStart.Add(normal.Length);
            _normal = normal.ToString();
            for (var i = 0; i + ShingleLength <= Length; i++)
            {
                var key = Shingle(i);
                if (!Shingles.TryGetValue(key, out var starts))
                {
                    Shingles[key] = starts = [];
                }

                starts.Add(i);
            }
        }

        public int Id { get; }

        /// <summary>Kept characters.</summary>
        public int Length => _origin.Count;

        public Dictionary<string, List<int>> Shingles { get; } = new(StringComparer.Ordinal);

        public string Shingle(int start) => _normal[_normalStart[start].._normalStart[start + ShingleLength]];

        public string Original(int start, int length) => _source[_origin[start].Start.._origin[start + length - 1].End];

        private static bool Kept(Rune rune) => Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Control
                or UnicodeCategory.Format or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark => false,
            _ => true,
        };
    }
}
