using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Compliance.Hours;

public sealed record HoursViewModel(int Year, PersonHours? Hours);

/// <summary>"My hours" (我的学时): the signed-in trainee's year against the rules, the lines behind it, and a printable transcript.</summary>
public sealed class HoursController(ComplianceQueries compliance, CurrentScope scope, TranscriptPdf transcript, ClassCertificates certificates) : Controller
{
    [HttpGet("/my/hours")]
    public async Task<IActionResult> Index(int? year, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "hours";
        var selected = HoursYear.Clamp(year, compliance.Today);
        var hours = scope.PersonId is { } personId ? await compliance.PersonAsync(personId, selected, cancellationToken) : null;
        return View(new HoursViewModel(selected, hours));
    }

    [HttpGet("/my/hours/transcript.pdf")]
    public async Task<IActionResult> Transcript(int? year, CancellationToken cancellationToken)
    {
        var selected = HoursYear.Clamp(year, compliance.Today);
        if (scope.PersonId is not { } personId || await compliance.PersonAsync(personId, selected, cancellationToken) is not { } hours)
        {
            return NotFound();
        }

        var (lines, _) = await certificates.OfPersonAsync(personId, cancellationToken);
        var bytes = transcript.Render(hours, compliance.Today, lines.Where(c => c.RevokedOn is null && c.CompletedOn.Year == selected).ToList());
        return File(bytes, "application/pdf", $"transcript-{selected}.pdf");
    }
}

/// <summary>Years a page or the API accepts: from 2000 to next year; anything else means this year.</summary>
public static class HoursYear
{
    public static int Clamp(int? year, DateOnly today) =>
        year is { } y && y >= 2000 && y <= today.Year + 1 ? y : today.Year;
}
