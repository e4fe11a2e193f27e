using LearnHub.Web.Audit;

namespace LearnHub.Web.Tests.Audit;

public sealed class AuditChainTests
{
    private static List<AuditEntry> Chain(int count, long after = 0, string? previous = null)
    {
        var lines = new List<AuditEntry>();
        previous ??= AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var line = new AuditEntry
            {
                Sequence = after + i, AtUtc = new DateTime(2027, 3, 10, 2, 0, i, DateTimeKind.Utc), ActorId = "u" + i, ActorName = "张三",
                ActorRoles = "Admin", Client = "10.0.0.1", Action = AuditAction.Exported, Target = "GET /supervision/export.xlsx", Detail = "",
                PreviousHash = previous,
            };
            line.Hash = previous = AuditChain.HashOf(line, line.PreviousHash);
            lines.Add(line);
        }

        return lines;
    }

    [Fact]
    public void An_untouched_chain_is_whole()
    {
        var result = AuditChain.Verify(Chain(5));
        Assert.True(result.Intact);
        Assert.Equal(5, result.Checked);
    }

    [Fact]
    public void A_changed_field_breaks_the_chain_at_that_line()
    {
        var lines = Chain(5);
        lines[2].ActorName = "李四";
        var result = AuditChain.Verify(lines);
        Assert.Equal((false, 2L, 3L, AuditBreak.Altered), (result.Intact, result.Checked, result.BrokenAt, result.Break));
    }

    [Fact]
    public void A_line_rewritten_with_a_fresh_hash_no_longer_links_to_the_next()
    {
        var lines = Chain(5);
        lines[2].Detail = "covered up";
        lines[2].Hash = AuditChain.HashOf(lines[2], lines[2].PreviousHash);
        var result = AuditChain.Verify(lines);
        Assert.Equal((false, 4L, AuditBreak.Unlinked), (result.Intact, result.BrokenAt, result.Break));
    }

    [Fact]
    public void A_removed_line_is_missing()
    {
        var lines = Chain(5);
        lines.RemoveAt(1);
        var result = AuditChain.Verify(lines);
        Assert.Equal((false, 2L, AuditBreak.Missing), (result.Intact, result.BrokenAt, result.Break));
    }

    [Fact]
    public void Fields_cannot_be_shifted_between_each_other()
    {
        var a = Chain(1)[0];
        var b = Chain(1)[0];
        (b.Target, b.Detail) = ("GET /supervision/export.xlsx" + "x", "");
        a.Detail = "x";
        Assert.NotEqual(AuditChain.HashOf(a, AuditChain.Genesis), AuditChain.HashOf(b, AuditChain.Genesis));
    }

    [Fact]
    public void After_pruning_the_chain_starts_from_the_named_line()
    {
        var all = Chain(6);
        var kept = all.Skip(3).ToList();
        Assert.False(AuditChain.Verify(kept).Intact);
        var anchor = AuditChain.ParsePruned(AuditChain.PrunedDetail(all[2].Sequence, all[2].Hash));
        Assert.True(AuditChain.Verify(kept, anchor).Intact);
        Assert.False(AuditChain.Verify(kept, (3, AuditChain.Genesis)).Intact);
    }
}
