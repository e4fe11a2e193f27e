using LearnHub.Courses.Learning.Watching;

namespace LearnHub.Courses.Tests.Watching;

public sealed class CoverageTests
{
    [Fact]
    public void Overlapping_intervals_merge_and_count_once()
    {
        var coverage = new Coverage();
        Assert.Equal(10, coverage.Add(new MediaInterval(0, 10)), 3);
        Assert.Equal(5, coverage.Add(new MediaInterval(5, 15)), 3);
        Assert.Equal(0, coverage.Add(new MediaInterval(2, 12)), 3);

        Assert.Equal([new MediaInterval(0, 15)], coverage.Intervals);
        Assert.Equal(15, coverage.CoveredSeconds, 3);
    }

    [Fact]
    public void A_seek_leaves_a_gap_that_fills_when_watched()
    {
        var coverage = new Coverage();
        coverage.Add(new MediaInterval(0, 10));
        coverage.Add(new MediaInterval(30, 40));
        Assert.Equal(2, coverage.Intervals.Count);
        Assert.Equal(20, coverage.CoveredSeconds, 3);
        Assert.Equal(40, coverage.Furthest, 3);

        Assert.Equal(20, coverage.Add(new MediaInterval(5, 35)), 3);
        Assert.Equal([new MediaInterval(0, 40)], coverage.Intervals);
        Assert.Equal(40, coverage.CoveredSeconds, 3);
    }

    [Fact]
    public void One_interval_spanning_several_swallows_them()
    {
        var coverage = new Coverage();
        coverage.Add(new MediaInterval(10, 20));
        coverage.Add(new MediaInterval(30, 40));
        coverage.Add(new MediaInterval(50, 60));

        Assert.Equal(40, coverage.Add(new MediaInterval(0, 70)), 3);
        Assert.Single(coverage.Intervals);
        Assert.Equal(70, coverage.CoveredSeconds, 3);
    }

    [Fact]
    public void Touching_intervals_join_and_empty_or_backward_ones_add_nothing()
    {
        var coverage = new Coverage();
        coverage.Add(new MediaInterval(0, 10));
        coverage.Add(new MediaInterval(10, 20));
        Assert.Equal(0, coverage.Add(new MediaInterval(30, 30)));
        Assert.Equal(0, coverage.Add(new MediaInterval(50, 40)));

        Assert.Equal([new MediaInterval(0, 20)], coverage.Intervals);
    }

    [Fact]
    public void An_interval_inserted_before_others_keeps_the_order()
    {
        var coverage = new Coverage();
        coverage.Add(new MediaInterval(50, 60));
        coverage.Add(new MediaInterval(20, 30));
        coverage.Add(new MediaInterval(0, 5));

        Assert.Equal([new MediaInterval(0, 5), new MediaInterval(20, 30), new MediaInterval(50, 60)], coverage.Intervals);
        Assert.Equal(25, coverage.CoveredSeconds, 3);
    }

    [Fact]
    public void Serialized_form_is_compact_and_reads_back()
    {
        var coverage = new Coverage();
        coverage.Add(new MediaInterval(0, 125.34));
        coverage.Add(new MediaInterval(140, 300));

        var text = coverage.Serialize();
        Assert.Equal("0-125.3,140-300", text);
        var read = Coverage.Parse(text);
        Assert.Equal(coverage.Intervals, read.Intervals);
        Assert.Equal(coverage.CoveredSeconds, read.CoveredSeconds, 3);
        Assert.Empty(Coverage.Parse("").Intervals);
        Assert.Single(Coverage.Parse("garbage,1-2,x-y").Intervals);
    }

    [Fact]
    public void Islands_beyond_the_limit_are_not_kept_but_joining_ones_are()
    {
        var coverage = new Coverage();
        for (var i = 0; i < 5; i++)
        {
            coverage.Add(new MediaInterval(i * 10, (i * 10) + 1), maxIntervals: 5);
        }

        Assert.Equal(0, coverage.Add(new MediaInterval(100, 101), maxIntervals: 5));
        Assert.Equal(5, coverage.Intervals.Count);
        Assert.Equal(9, coverage.Add(new MediaInterval(0, 10), maxIntervals: 5), 3);
        Assert.Equal(4, coverage.Intervals.Count);
    }
}
