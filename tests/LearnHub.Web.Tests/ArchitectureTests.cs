using NetArchTest.Rules;

namespace LearnHub.Web.Tests;

/// <summary>Module boundaries: Web references Courses and Media; they never reference each other or the host.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Courses_does_not_depend_on_Media_Web_or_ASP_NET() =>
        AssertNone(Types.InAssembly(typeof(Courses.CoursesModule).Assembly)
            .Should().NotHaveDependencyOnAny("LearnHub.Media", "LearnHub.Web", "Microsoft.AspNetCore").GetResult());

    [Fact]
    public void Media_does_not_depend_on_Courses_Web_or_SignalR() =>
        AssertNone(Types.InAssembly(typeof(Media.MediaModule).Assembly)
            .Should().NotHaveDependencyOnAny("LearnHub.Courses", "LearnHub.Web", "Microsoft.AspNetCore.SignalR", "Microsoft.AspNetCore.Mvc").GetResult());

    private static void AssertNone(TestResult result) =>
        Assert.True(result.IsSuccessful, "Offending types: " + string.Join(", ", result.FailingTypeNames ?? []));
}
