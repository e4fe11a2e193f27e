using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Classes.Certificates;

/// <summary>Tells a holder that their certificate was revoked, and why (an administrator's reason, or the credit's reversal).</summary>
public sealed class CertificateNotices(Notifier notifier, CoursesDbContext db)
{
    public async Task RevokedAsync(IEnumerable<ClassCertificate> certificates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        foreach (var certificate in certificates)
        {
            var title = await db.TrainingClasses.Where(c => c.Id == certificate.ClassId).Select(c => c.Title).SingleAsync(cancellationToken);
            await notifier.NotifyPersonAsync(certificate.PersonId,
                new NotificationMessage("Certificate.Notice.Revoked", [title, certificate.Serial, certificate.RevocationReason ?? ""], "/my/hours"),
                cancellationToken);
        }
    }
}
