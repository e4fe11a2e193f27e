using LearnHub.Courses.LectureHall.Classes;

namespace LearnHub.Courses.Tests.Classes;

/// <summary>Copying inside a class: a shared passage is flagged and shown, different texts sharing set phrases are not.</summary>
public sealed class ReflectionOverlapTests
{
    private const string Copied =
        "杨老师结合案例讲解了“三会一课”的标准流程，从会前确定议题、征求意见，到会中记录、会后整改落实，每个环节都有明确要求。她特别提醒，会议记录不是事后补写的材料，而是党员参与组织生活的真实记录。";

    private const string First =
        "这次培训以习近平新时代中国特色社会主义思想为指导，让我对社会组织党建有了系统认识。何老师讲到党组织要在重大决策中发挥政治把关作用，我们准备把前置研究事项列成清单。"
        + Copied + "今后我们计划结合学会的科普活动，每季度确定一个主题党日的主题，让党员在服务会员中亮身份、作表率。";

    // The copied paragraph re-spaced, with its commas changed and a quotation mark dropped: still the same passage.
    private const string Second =
        "我们协会的党员分散在全省各地，平时集中活动难度较大，越是分散越要把组织生活制度立起来。"
        + "杨老师结合案例讲解了 三会一课” 的标准流程; 从会前确定议题、征求意见,到会中记录、会后整改落实,每个环节都有明确要求。她特别提醒,会议记录不是事后补写的材料,而是党员参与组织生活的真实记录。"
        + "下一步我们将在会员单位中开展党员社工服务站创建，把党员的先锋作用体现在具体的服务项目里。";

    private const string Different =
        "以习近平新时代中国特色社会主义思想为指导，我们老年服务协会将把党建同养老服务结合起来。协会的监事会近两年很少独立开展监督，财务审批也主要依靠秘书长一人把关，这是培训后我们首先要改的问题。"
        + "回去以后，我打算提请理事会修订财务管理制度，明确大额支出须经党组织前置研究，并请监事会每半年听取一次财务情况报告。协会服务的老人多在社区，"
        + "我们还将组织党员志愿者定期走访困难老人，把组织生活放到服务一线去开展，让老人们看得见党员、找得到党组织。";

    [Fact]
    public void A_shared_passage_is_flagged_with_its_share_and_the_passage_as_written()
    {
        var pair = Assert.Single(ReflectionOverlap.Flag([new OverlapText(2, Second), new OverlapText(1, First)]));

        Assert.Equal((1, 2), (pair.FirstId, pair.SecondId));
        Assert.True(pair.LongestRun >= ReflectionOverlap.LongRun, $"longest run {pair.LongestRun}");
        Assert.InRange(pair.SecondShare, 0.4m, 0.7m);
        Assert.Equal(pair.SecondShare, pair.Share);
        var passage = Assert.Single(pair.Passages);
        Assert.StartsWith("杨老师结合案例讲解了 三会一课", passage, StringComparison.Ordinal);
        Assert.EndsWith("党员参与组织生活的真实记录", passage, StringComparison.Ordinal);
        Assert.True(pair.Involves(2));
        Assert.Equal(1, pair.Other(2));
    }

    [Fact]
    public void Different_texts_sharing_a_set_phrase_are_not_flagged()
    {
        // Both open with a 20-character set phrase: shared, but neither a long run nor a large share.
        var pair = ReflectionOverlap.Compare(new OverlapText(1, First), new OverlapText(3, Different));

        Assert.NotNull(pair);
        Assert.False(ReflectionOverlap.IsFlagged(pair));
        Assert.Empty(ReflectionOverlap.Flag([new OverlapText(1, First), new OverlapText(3, Different)]));
        Assert.Null(ReflectionOverlap.Compare(new OverlapText(1, "完全不同的一段话，讲的是别的事情。"), new OverlapText(2, "另一段话也没有任何相同的长句子。")));
        Assert.Null(ReflectionOverlap.Compare(new OverlapText(1, "短"), new OverlapText(2, "短")));
    }

    [Fact]
    public void The_same_texts_give_the_same_pairs_in_the_same_order()
    {
        OverlapText[] texts = [new(3, Different), new(1, First), new(2, Second), new(4, Second + "另外补充一句。")];

        var once = ReflectionOverlap.Flag(texts);
        var again = ReflectionOverlap.Flag(texts.Reverse());

        Assert.Equal(once.Select(p => (p.FirstId, p.SecondId, p.Share)), again.Select(p => (p.FirstId, p.SecondId, p.Share)));
        Assert.Equal((2, 4), (once[0].FirstId, once[0].SecondId));
        Assert.Equal(1m, once[0].FirstShare);
        Assert.Equal(3, once.Count);
        Assert.DoesNotContain(once, p => p.Involves(3));
    }
}
