using System.Globalization;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;

namespace LearnHub.Web.Features.LectureHall.Classes;

/// <summary>
/// Tells everyone involved what an enrolment change did: the person, on every move (nominated, admitted, waiting,
/// moved up, refused with the reason), and whoever nominated them when it was someone else.
/// </summary>
public sealed class ClassNotices(Notifier notifier, UserManager<AppUser> users)
{
    public async Task TellAsync(TrainingClass trainingClass, IEnumerable<EnrolmentMove> moves, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        ArgumentNullException.ThrowIfNull(moves);
        foreach (var move in moves)
        {
            var key = "Notice.Class." + move.Status;
            var message = new NotificationMessage(key,
                [trainingClass.Title, trainingClass.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    trainingClass.EndsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), move.Status == EnrolmentStatus.Refused ? reason ?? "" : ""],
                string.Create(CultureInfo.InvariantCulture, $"/classes/{trainingClass.Id}"));
            await notifier.NotifyPersonAsync(move.PersonId, message, cancellationToken);
            if (move.Status is EnrolmentStatus.Admitted or EnrolmentStatus.Refused or EnrolmentStatus.Waitlisted
                && await users.FindByIdAsync(move.RequestedBy) is { } nominator && nominator.PersonId != move.PersonId)
            {
                await notifier.NotifyAsync(nominator, message with { Link = string.Create(CultureInfo.InvariantCulture, $"/classes/{trainingClass.Id}/nominate") },
                    cancellationToken);
            }
        }
    }
}
