using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Features.Admin;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Catalogue.Courses;

public sealed record CourseRow(int Id, string Slug, string Title, CourseTopic Topic, CourseFormat Format, decimal CreditHours, string? Lecturer, bool Published, int Lessons);

public sealed record CourseList(IReadOnlyList<CourseRow> Items, string? Search);

public sealed record LecturerOption(int Id, string Name);

public sealed record LessonRow(int Id, int Order, string Title, int Minutes);

public sealed class CourseForm
{
    /// <summary>The course's address; left empty, one is made up ("course-12").</summary>
    [StringLength(FieldLimits.Code, ErrorMessage = "Validation.TooLong")]
    [RegularExpression("^[a-z0-9][a-z0-9-]*$", ErrorMessage = "Validation.Slug")]
    [Display(Name = "Admin.Course.Slug")]
    public string? Slug { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Course.Title")]
    public string Title { get; set; } = "";

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Course.Summary")]
    public string? Summary { get; set; }

    [Required(ErrorMessage = "Validation.Choose")]
    [Display(Name = "Admin.Course.Topic")]
    public CourseTopic? Topic { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Course.Format")]
    public CourseFormat? Format { get; set; }

    [Display(Name = "Admin.Course.Tiers")]
    public List<Tier> Tiers { get; set; } = [];

    [Display(Name = "Admin.Course.Fields")]
    public List<OrganizationField> Fields { get; set; } = [];

    [Display(Name = "Admin.Course.Lecturer")]
    public int? LecturerId { get; set; }

    [Display(Name = "Admin.Course.Published")]
    public bool Published { get; set; } = true;

    [StringLength(FieldLimits.Markdown, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Course.Notes")]
    public string? NotesMarkdown { get; set; }
}

public sealed class LessonForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Lesson.Title")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Range(1, 600, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Lesson.Minutes")]
    public int? Minutes { get; set; }

    [Range(0, 600, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Lesson.ReadingMinutes")]
    public int? ReadingMinutes { get; set; }

    [StringLength(FieldLimits.Markdown, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Lesson.Notes")]
    public string? NotesMarkdown { get; set; }
}

/// <summary>The course catalogue and its lessons: administrators only.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/courses")]
public sealed class CoursesController(CoursesDbContext db, CourseCredit credit, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        var search = AdminInput.Search(q);
        var query = db.Courses.AsNoTracking();
        if (search is not null)
        {
            query = query.Where(c => c.Title.Contains(search));
        }

        var rows = await query.OrderBy(c => c.Slug)
            .Select(c => new CourseRow(c.Id, c.Slug, c.Title, c.Topic, c.Format, c.CreditHours,
                c.Lecturer == null ? null : c.Lecturer.Name, c.Published, c.Lessons.Count))
            .ToListAsync(cancellationToken);
        var hours = await credit.OfferedAsync(rows.Select(r => r.Id).ToList(), cancellationToken);
        return View(new CourseList(rows.Select(r => r with { CreditHours = hours[r.Id] }).ToList(), search));
    }

    [HttpGet("new")]
    public Task<IActionResult> Create(CancellationToken cancellationToken) => EditViewAsync(null, new CourseForm(), cancellationToken);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var c = await db.Courses.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return c is null ? NotFound() : await EditViewAsync(id, new CourseForm
        {
            Slug = c.Slug, Title = c.Title, Summary = c.Summary, Topic = c.Topic, Format = c.Format,
            Tiers = Flags(c.Tiers), Fields = Flags(c.Fields),
            LecturerId = c.LecturerId, Published = c.Published, NotesMarkdown = c.NotesMarkdown,
        }, cancellationToken);
    }

    [HttpPost("new")]
    public Task<IActionResult> Create(CourseForm form, CancellationToken cancellationToken) => SaveAsync(null, form, cancellationToken);

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int id, CourseForm form, CancellationToken cancellationToken) => SaveAsync(id, form, cancellationToken);

    [HttpGet("{id:int}/lessons/new")]
    public async Task<IActionResult> CreateLesson(int id, CancellationToken cancellationToken) =>
        await db.Courses.AnyAsync(c => c.Id == id, cancellationToken) ? LessonView(id, null, new LessonForm()) : NotFound();

    [HttpGet("{id:int}/lessons/{lessonId:int}/edit")]
    public async Task<IActionResult> EditLesson(int id, int lessonId, CancellationToken cancellationToken)
    {
        var l = await db.Lessons.AsNoTracking().SingleOrDefaultAsync(x => x.Id == lessonId && x.CourseId == id, cancellationToken);
        return l is null ? NotFound() : LessonView(id, lessonId, new LessonForm { Title = l.Title, Minutes = l.Minutes, ReadingMinutes = l.ReadingMinutes, NotesMarkdown = l.NotesMarkdown });
    }

    [HttpPost("{id:int}/lessons/new")]
    public Task<IActionResult> CreateLesson(int id, LessonForm form, CancellationToken cancellationToken) => SaveLessonAsync(id, null, form, cancellationToken);

    [HttpPost("{id:int}/lessons/{lessonId:int}/edit")]
    public Task<IActionResult> EditLesson(int id, int lessonId, LessonForm form, CancellationToken cancellationToken) =>
        SaveLessonAsync(id, lessonId, form, cancellationToken);

    private static List<T> Flags<T>(T value)
        where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) != 0 && value.HasFlag(v)).ToList();

    private static T Combine<T>(IEnumerable<T> values)
        where T : struct, Enum =>
        (T)Enum.ToObject(typeof(T), values.Where(v => Enum.IsDefined(v))
            .Aggregate(0L, (a, v) => a | Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)));

    private async Task<IActionResult> SaveAsync(int? id, CourseForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Slug = form.Slug?.Trim() ?? "";
        form.Title = form.Title?.Trim() ?? "";
        Course? course = null;
        if (id is { } existing)
        {
            course = await db.Courses.SingleOrDefaultAsync(c => c.Id == existing, cancellationToken);
            if (course is null)
            {
                return NotFound();
            }
        }

        if (form.Topic is { } topic && !Enum.IsDefined(topic))
        {
            ModelState.AddModelError(nameof(form.Topic), t["Validation.Choose", t["Admin.Course.Topic"]]);
        }

        if (form.Format is { } format && !Enum.IsDefined(format))
        {
            ModelState.AddModelError(nameof(form.Format), t["Validation.Required", t["Admin.Course.Format"]]);
        }

        RefuseUnrenderable(form.NotesMarkdown, "Admin.Course.Notes");
        if (ModelState.IsValid)
        {
            if (form.Slug.Length > 0 && await db.Courses.AnyAsync(c => c.Slug == form.Slug && c.Id != (id ?? 0), cancellationToken))
            {
                ModelState.AddModelError(nameof(form.Slug), t["Admin.Course.DuplicateSlug"]);
            }

            if (form.LecturerId is { } lecturerId && !await db.Lecturers.AnyAsync(l => l.Id == lecturerId, cancellationToken))
            {
                ModelState.AddModelError(nameof(form.LecturerId), t["Admin.Course.UnknownLecturer"]);
            }
        }

        if (!ModelState.IsValid)
        {
            return await EditViewAsync(id, form, cancellationToken);
        }

        course ??= db.Courses.Add(new Course()).Entity;
        // Cleared on an existing course, its address stays as it was: links to it keep working.
        course.Slug = form.Slug.Length > 0 ? form.Slug
            : course.Slug.Length > 0 ? course.Slug : await GeneratedKeys.NextAsync(db.Courses.Select(c => c.Slug), "course", cancellationToken);
        course.Title = form.Title;
        course.Summary = form.Summary?.Trim() ?? "";
        course.Topic = form.Topic!.Value;
        course.Format = form.Format!.Value;
        course.Tiers = Combine(form.Tiers);
        course.Fields = Combine(form.Fields);
        course.LecturerId = form.LecturerId;
        course.Published = form.Published;
        course.NotesMarkdown = form.NotesMarkdown ?? "";
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/courses/{course.Id}/edit");
    }

    /// <summary>
    /// Refuses a note the Markdown renderer would refuse (quotes or lists nested past its depth limit), so it
    /// is caught on the form instead of reaching the public page that shows it.
    /// </summary>
    private void RefuseUnrenderable(string? markdown, string field)
    {
        if (!MarkdownNotes.IsRenderable(markdown))
        {
            ModelState.AddModelError("NotesMarkdown", t["Validation.MarkdownTooDeep", t[field]]);
        }
    }

    private async Task<IActionResult> SaveLessonAsync(int id, int? lessonId, LessonForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Title = form.Title?.Trim() ?? "";
        if (!await db.Courses.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return NotFound();
        }

        Lesson? lesson = null;
        if (lessonId is { } existing)
        {
            lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == existing && l.CourseId == id, cancellationToken);
            if (lesson is null)
            {
                return NotFound();
            }
        }

        RefuseUnrenderable(form.NotesMarkdown, "Admin.Lesson.Notes");
        if (!ModelState.IsValid)
        {
            return LessonView(id, lessonId, form);
        }

        if (lesson is null)
        {
            var order = await db.Lessons.Where(l => l.CourseId == id).MaxAsync(l => (int?)l.Order, cancellationToken) ?? 0;
            lesson = db.Lessons.Add(new Lesson { CourseId = id, Order = order + 1 }).Entity;
        }

        lesson.Title = form.Title;
        lesson.Minutes = form.Minutes!.Value;
        lesson.ReadingMinutes = form.ReadingMinutes ?? 0;
        lesson.NotesMarkdown = form.NotesMarkdown ?? "";
        await db.SaveChangesAsync(cancellationToken);
        await credit.RefreshAsync([id], cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/courses/{id}/edit");
    }

    private async Task<IActionResult> EditViewAsync(int? id, CourseForm form, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        ViewData["Id"] = id;
        ViewData["Lecturers"] = await db.Lecturers.AsNoTracking().OrderBy(l => l.Name)
            .Select(l => new LecturerOption(l.Id, l.Name)).ToListAsync(cancellationToken);
        ViewData["CreditHours"] = id is { } courseId ? await credit.OfferedAsync(courseId, cancellationToken) : 0m;
        ViewData["Lessons"] = id is null ? new List<LessonRow>() : await db.Lessons.AsNoTracking().Where(l => l.CourseId == id)
            .OrderBy(l => l.Order).Select(l => new LessonRow(l.Id, l.Order, l.Title, l.Minutes)).ToListAsync(cancellationToken);
        return View("Edit", form);
    }

    private ViewResult LessonView(int courseId, int? lessonId, LessonForm form)
    {
        ViewData["Section"] = "admin";
        ViewData["CourseId"] = courseId;
        ViewData["LessonId"] = lessonId;
        return View("Lesson", form);
    }
}
