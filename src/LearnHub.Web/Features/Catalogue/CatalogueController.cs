using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Organizations;
using LearnHub.Courses.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Catalogue;

public sealed record CatalogueViewModel(CatalogueFilter Filter, IReadOnlyList<CourseCard> Courses);

public sealed record CourseViewModel(CourseDetail Course, string NotesHtml, IReadOnlyList<(LessonSummary Lesson, string NotesHtml)> Lessons);

/// <summary>The course catalogue: open to everyone, so a visitor can see what the programme offers.</summary>
[AllowAnonymous]
public sealed class CatalogueController(CatalogueQueries catalogue) : Controller
{
    [HttpGet("/courses")]
    public async Task<IActionResult> Index(Tier? tier, CourseTopic? topic, OrganizationField? field, CourseFormat? format, string? q,
        CancellationToken cancellationToken)
    {
        // Unknown enum values in the query string bind to null and are ignored; a search is capped.
        var filter = new CatalogueFilter(Defined(tier), Defined(topic), Defined(field), Defined(format), q?.Trim() is { Length: > 0 } s ? s[..Math.Min(s.Length, 100)] : null);
        ViewData["Section"] = "catalogue";
        return View(new CatalogueViewModel(filter, await catalogue.SearchAsync(filter, cancellationToken)));
    }

    [HttpGet("/courses/{slug}")]
    public async Task<IActionResult> Course(string slug, CancellationToken cancellationToken)
    {
        var course = await catalogue.FindAsync(slug, cancellationToken);
        if (course is null)
        {
            return NotFound();
        }

        ViewData["Section"] = "catalogue";
        return View(new CourseViewModel(course, MarkdownNotes.ToHtml(course.NotesMarkdown),
            course.Lessons.Select(l => (l, MarkdownNotes.ToHtml(l.NotesMarkdown))).ToList()));
    }

    private static T? Defined<T>(T? value)
        where T : struct, Enum => value is { } v && Enum.IsDefined(v) ? v : null;
}
