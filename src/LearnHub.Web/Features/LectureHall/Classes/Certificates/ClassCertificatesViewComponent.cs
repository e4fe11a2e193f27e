using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Classes.Certificates;

/// <summary>What a list of certificates is shown for.</summary>
public enum CertificateListKind
{
    /// <summary>The class plan page: every certificate of the class, with revocation.</summary>
    Class,

    /// <summary>The trainee's class page: their certificate of it, or what a completed class offers.</summary>
    MyClass,

    /// <summary>"My hours": the signed-in person's certificates of classes completed in the year shown.</summary>
    Mine,
}

/// <param name="RevokedByOrganizer">On the trainee's class page: an administrator revoked their certificate of it.</param>
public sealed record CertificateList(CertificateListKind Kind, int? ClassId, IReadOnlyList<CertificateLine> Lines, bool Completed, bool RevokedByOrganizer = false);

/// <summary>
/// Certificates where they are needed: on the class plan page for its organizer, on the trainee's class page and in
/// "my hours". Each read revokes certificates whose credit was reversed and tells their holders.
/// </summary>
public sealed class ClassCertificatesViewComponent(ClassCertificates certificates, CertificateNotices notices, CoursesDbContext db, CurrentScope scope)
    : ViewComponent
{
    private const string ListView = "~/Features/LectureHall/Classes/Certificates/_Certificates.cshtml";

    /// <param name="year">For <see cref="CertificateListKind.Mine"/>: the year "my hours" shows.</param>
    public async Task<IViewComponentResult> InvokeAsync(CertificateListKind kind, int? classId = null, int? year = null)
    {
        var cancellationToken = HttpContext.RequestAborted;
        switch (kind)
        {
            case CertificateListKind.Class when classId is { } id && scope.IsAdmin:
            {
                var (lines, revoked) = await certificates.OfClassAsync(id, cancellationToken);
                await notices.RevokedAsync(revoked, cancellationToken);
                return View(ListView, new CertificateList(kind, id, lines, false));
            }

            case CertificateListKind.MyClass when classId is { } id && scope.PersonId is { } personId:
            {
                var mine = db.ClassCertificates.Where(c => c.ClassId == id && c.PersonId == personId);
                await notices.RevokedAsync(await certificates.ReconcileAsync(mine, cancellationToken), cancellationToken);
                var seriesId = await db.TrainingClasses.Where(c => c.Id == id).Select(c => c.SeriesId).SingleAsync(cancellationToken);
                var completed = await certificates.StandingCreditAsync(seriesId, personId, cancellationToken) is not null;
                var revokedByOrganizer = await mine.AnyAsync(c => c.RevokedAt != null && c.RevokedBy != ClassCertificate.System, cancellationToken)
                    && !await mine.AnyAsync(c => c.RevokedAt == null, cancellationToken);
                return completed ? View(ListView, new CertificateList(kind, id, [], completed, revokedByOrganizer)) : Content("");
            }

            case CertificateListKind.Mine when scope.PersonId is { } personId:
            {
                var (all, revoked) = await certificates.OfPersonAsync(personId, cancellationToken);
                await notices.RevokedAsync(revoked, cancellationToken);
                var lines = all.Where(c => year is null || c.CompletedOn.Year == year).ToList();
                return lines.Count == 0 ? Content("") : View(ListView, new CertificateList(kind, null, lines, true));
            }

            default:
                return Content("");
        }
    }
}
