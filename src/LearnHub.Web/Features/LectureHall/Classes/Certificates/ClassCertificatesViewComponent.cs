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

    /// <summary>"My hours": every certificate of the signed-in person.</summary>
    Mine,
}

public sealed record CertificateList(CertificateListKind Kind, int? ClassId, IReadOnlyList<CertificateLine> Lines, bool Completed);

/// <summary>
/// Certificates where they are needed: on the class plan page for its organizer, on the trainee's class page and in
/// "my hours". Each read revokes certificates whose credit was reversed and tells their holders.
/// </summary>
public sealed class ClassCertificatesViewComponent(ClassCertificates certificates, CertificateNotices notices, CoursesDbContext db, CurrentScope scope)
    : ViewComponent
{
    private const string ListView = "~/Features/LectureHall/Classes/Certificates/_Certificates.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(CertificateListKind kind, int? classId = null)
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
                var standing = await mine.AnyAsync(c => c.RevokedAt == null, cancellationToken);
                return completed || standing ? View(ListView, new CertificateList(kind, id, [], completed)) : Content("");
            }

            case CertificateListKind.Mine when scope.PersonId is { } personId:
            {
                var (lines, revoked) = await certificates.OfPersonAsync(personId, cancellationToken);
                await notices.RevokedAsync(revoked, cancellationToken);
                return lines.Count == 0 ? Content("") : View(ListView, new CertificateList(kind, null, lines, true));
            }

            default:
                return Content("");
        }
    }
}
