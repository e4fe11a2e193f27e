using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Tests.Curricula;

public sealed class CurriculumTests
{
    private static Curriculum Secretaries() => new(Tier.Secretaries, 2027, "  2027年书记方案 ", 10m, "  说明  ");

    [Fact]
    public void Title_and_description_are_trimmed_when_described()
    {
        var curriculum = Secretaries();
        Assert.Equal(("2027年书记方案", "说明"), (curriculum.Title, curriculum.Description));
    }

    [Theory]
    [InlineData(Tier.Secretaries | Tier.Members)]
    [InlineData(Tier.None)]
    public void A_curriculum_is_for_exactly_one_planned_tier(Tier tier)
    {
        Assert.False(Curriculum.IsPlannedTier(tier));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Curriculum(tier, 2027, "方案", 10m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Secretaries().Describe(tier, 2027, "方案", null, 10m));
    }

    [Fact]
    public void Every_planned_tier_may_have_a_curriculum() =>
        Assert.All(Curriculum.PlannedTiers, tier => Assert.True(Curriculum.IsPlannedTier(tier)));

    [Fact]
    public void A_course_without_a_pool_is_required_and_with_one_is_an_elective()
    {
        var curriculum = Secretaries();
        var pool = curriculum.AddPool("选修", 2m);
        pool.Id = 7;
        Assert.Equal(CurriculumCourseResult.Added, curriculum.AddCourse(1, null));
        Assert.Equal(CurriculumCourseResult.Added, curriculum.AddCourse(2, 7));
        Assert.True(curriculum.Courses.Single(c => c.CourseId == 1).Required);
        var elective = curriculum.Courses.Single(c => c.CourseId == 2);
        Assert.Equal((false, (int?)7), (elective.Required, elective.ElectivePoolId));
    }

    [Fact]
    public void A_course_sits_in_one_place_only()
    {
        var curriculum = Secretaries();
        curriculum.AddPool("选修", 2m).Id = 7;
        curriculum.AddCourse(1, null);
        Assert.Equal(CurriculumCourseResult.AlreadyIncluded, curriculum.AddCourse(1, 7));
        Assert.Single(curriculum.Courses);
    }

    [Fact]
    public void A_pool_of_another_curriculum_is_refused()
    {
        var curriculum = Secretaries();
        Assert.Equal(CurriculumCourseResult.UnknownPool, curriculum.AddCourse(1, 99));
        Assert.Empty(curriculum.Courses);
    }

    [Fact]
    public void Pools_are_ordered_after_the_existing_ones()
    {
        var curriculum = Secretaries();
        var first = curriculum.AddPool(" 甲组 ", 2m);
        var second = curriculum.AddPool("乙组", 1.5m);
        Assert.Equal(("甲组", 1, 2), (first.Title, first.Order, second.Order));
        Assert.Throws<ArgumentOutOfRangeException>(() => curriculum.AddPool("空", 0m));
    }

    [Fact]
    public void Only_a_session_of_the_curriculums_year_can_be_required_and_only_once()
    {
        var curriculum = Secretaries();
        Assert.False(curriculum.RequireSession(5, new DateOnly(2026, 12, 31)));
        Assert.True(curriculum.RequireSession(6, new DateOnly(2027, 1, 1)));
        Assert.True(curriculum.RequireSession(6, new DateOnly(2027, 1, 1)));
        Assert.Equal([6], curriculum.Sessions.Select(s => s.SessionId));
    }

    [Fact]
    public void Next_years_copy_keeps_courses_and_pools_but_not_sessions()
    {
        var curriculum = Secretaries();
        curriculum.AddPool("选修", 2m).Id = 7;
        curriculum.AddCourse(1, null);
        curriculum.AddCourse(2, 7);
        curriculum.RequireSession(6, new DateOnly(2027, 3, 1));
        var copy = curriculum.CopyTo(2028);
        Assert.Equal((Tier.Secretaries, 2028, "2028年书记方案", 10m), (copy.Tier, copy.Year, copy.Title, copy.HourTarget));
        Assert.Equal(2, copy.Courses.Count);
        Assert.Single(copy.Pools);
        Assert.Empty(copy.Sessions);
    }
}
