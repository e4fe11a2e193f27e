using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace LearnHub.Web.Tests;

/// <summary>
/// Module boundaries (Web references Courses and Media; they never reference each other or the host) and the
/// bounded contexts inside Courses, each allowed to use only the contexts below it (docs/architecture.md).
/// </summary>
public sealed class ArchitectureTests
{
    private const string Root = "LearnHub.Courses.";

    /// <summary>
    /// The contexts, lowest first, and what each may use besides the shared kernel (Data, Calendar, Import,
    /// Notifications). The ledger is the one part of Compliance other contexts may write to; the rest of Compliance
    /// reads the contexts it judges. Inside Learning, assessments answer Watching's quiz question, never the reverse.
    /// </summary>
    public static TheoryData<string, string[]> Contexts => new()
    {
        { "Registry", [] },
        { "Catalogue", ["Registry"] },
        { "Compliance.Ledger", ["Registry"] },
        { "LectureHall", ["Registry", "Catalogue", "Compliance.Ledger"] },
        { "Learning.Watching", ["Registry", "Catalogue", "Compliance.Ledger"] },
        { "Learning.Assessments", ["Registry", "Catalogue", "LectureHall", "Learning.Watching", "Compliance.Ledger"] },
        { "Compliance.Rules", ["Registry", "Catalogue", "LectureHall", "Compliance.Ledger", "Compliance.Curricula", "Compliance.Assignments"] },
        { "Compliance.Curricula", ["Registry", "Catalogue", "LectureHall"] },
        { "Compliance.Assignments", ["Registry", "Catalogue", "LectureHall", "Learning.Watching", "Compliance.Ledger", "Compliance.Curricula"] },
    };

    private static readonly string[] Every = ["Registry", "Catalogue", "LectureHall", "Learning.Watching", "Learning.Assessments",
        "Compliance.Ledger", "Compliance.Rules", "Compliance.Curricula", "Compliance.Assignments"];

    /// <summary>The kernel every context shares must not lean on any of them (Data's DbContext composes them all).</summary>
    private static readonly string[] Kernel = ["Calendar", "Import", "Notifications", "Attention"];

    [Fact]
    public void Courses_does_not_depend_on_Media_Web_or_ASP_NET() =>
        AssertNone(Types.InAssembly(typeof(Courses.CoursesModule).Assembly)
            .Should().NotHaveDependencyOnAny("LearnHub.Media", "LearnHub.Web", "Microsoft.AspNetCore").GetResult());

    [Fact]
    public void Media_does_not_depend_on_Courses_Web_or_SignalR() =>
        AssertNone(Types.InAssembly(typeof(Media.MediaModule).Assembly)
            .Should().NotHaveDependencyOnAny("LearnHub.Courses", "LearnHub.Web", "Microsoft.AspNetCore.SignalR", "Microsoft.AspNetCore.Mvc").GetResult());

    [Theory]
    [MemberData(nameof(Contexts))]
    public void A_context_uses_only_the_contexts_below_it(string context, string[] mayUse)
    {
        var forbidden = Every.Where(other => other != context && !mayUse.Contains(other)
                && !other.StartsWith(context + ".", StringComparison.Ordinal) && !context.StartsWith(other + ".", StringComparison.Ordinal))
            .Select(other => Root + other)
            .ToArray();
        var types = Types.InAssembly(typeof(Courses.CoursesModule).Assembly).That().ResideInNamespaceMatching("^" + Regex.Escape(Root + context) + @"(\.|$)");
        AssertNone(types.ShouldNot().HaveDependencyOnAny(forbidden).GetResult());
    }

    [Fact]
    public void Every_context_is_in_the_table()
    {
        var namespaces = typeof(Courses.CoursesModule).Assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns.StartsWith(Root, StringComparison.Ordinal) && !ns.Contains(".Migrations", StringComparison.Ordinal))
            .Select(ns => ns[Root.Length..])
            .Distinct();
        // A context's root namespace holds only its registration and EF configurations, which the DbContext composes.
        var known = Every.Concat(Kernel).Concat(["Data", "Content", "Registry", "LectureHall", "Learning", "Compliance"]).ToHashSet();
        Assert.DoesNotContain(namespaces, ns => !known.Contains(ns) && !Every.Any(c => ns.StartsWith(c + ".", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_shared_kernel_uses_no_context() =>
        AssertNone(Types.InAssembly(typeof(Courses.CoursesModule).Assembly)
            .That().ResideInNamespaceMatching(@"^LearnHub\.Courses\.(" + string.Join('|', Kernel) + @")(\.|$)")
            .ShouldNot().HaveDependencyOnAny(Every.Select(c => Root + c).ToArray()).GetResult());

    private static void AssertNone(TestResult result) =>
        Assert.True(result.IsSuccessful, "Offending types: " + string.Join(", ", result.FailingTypeNames ?? []));
}
