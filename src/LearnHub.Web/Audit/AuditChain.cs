using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LearnHub.Web.Audit;

/// <summary>The hash chain of the audit log: how a line's hash is made and how a run of lines is checked.</summary>
public static class AuditChain
{
    /// <summary>The hash before the first line.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>SHA-256 over the previous hash and every field of the line, each length-prefixed so no two lines share a text.</summary>
    public static string HashOf(AuditEntry entry, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder();
        void Field(string value) => text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
        Field(previousHash);
        Field(entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(entry.AtUtc.Ticks.ToString(CultureInfo.InvariantCulture));
        Field(entry.ActorId ?? "");
        Field(entry.ActorName);
        Field(entry.ActorRoles);
        Field(entry.Client);
        Field(((int)entry.Action).ToString(CultureInfo.InvariantCulture));
        Field(entry.Target);
        Field(entry.Detail);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Checks lines in sequence order. The first line must follow the genesis, or — once old lines were pruned — the
    /// last pruned line that a later <see cref="AuditAction.AuditPruned"/> line names (<paramref name="prunedAnchor"/>).
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> lines, (long Sequence, string Hash)? prunedAnchor = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var check = new AuditChainCheck(prunedAnchor);
        foreach (var line in lines)
        {
            if (!check.Add(line))
            {
                break;
            }
        }

        return check.Result;
    }

    /// <summary>The detail of a pruning line: the last removed line's sequence and hash, which the chain now starts from.</summary>
    public static string PrunedDetail(long sequence, string hash) => string.Create(CultureInfo.InvariantCulture, $"{sequence}:{hash}");

    public static (long Sequence, string Hash)? ParsePruned(string detail)
    {
        var parts = detail.Split(':');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && parts[1].Length == 64
            ? (sequence, parts[1])
            : null;
    }
}

/// <summary>Checks a chain fed one line at a time, in sequence order, so a long log is read page by page.</summary>
public sealed class AuditChainCheck((long Sequence, string Hash)? prunedAnchor)
{
    private long _expected = (prunedAnchor?.Sequence ?? 0) + 1;
    private string _previous = prunedAnchor?.Hash ?? AuditChain.Genesis;
    private long _checked;
    private AuditVerification? _broken;

    public AuditVerification Result => _broken ?? new AuditVerification(true, _checked, null, null);

    /// <summary>Checks the next line; false once the chain is broken (further lines are not looked at).</summary>
    public bool Add(AuditEntry line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (_broken is not null)
        {
            return false;
        }

        _broken = line.Sequence != _expected ? new AuditVerification(false, _checked, _expected, AuditBreak.Missing)
            : line.PreviousHash != _previous ? new AuditVerification(false, _checked, line.Sequence, AuditBreak.Unlinked)
            : AuditChain.HashOf(line, _previous) != line.Hash ? new AuditVerification(false, _checked, line.Sequence, AuditBreak.Altered)
            : null;
        if (_broken is not null)
        {
            return false;
        }

        _previous = line.Hash;
        _expected++;
        _checked++;
        return true;
    }
}

/// <summary>Why a chain broke: a line is missing (a gap), does not follow the line before it, or was changed.</summary>
public enum AuditBreak
{
    Missing = 1,
    Unlinked = 2,
    Altered = 3,
}

/// <summary>The result of checking the chain: how many lines held, and where it broke if it did.</summary>
public sealed record AuditVerification(bool Intact, long Checked, long? BrokenAt, AuditBreak? Break);
