using LearnHub.Courses.Notifications;
using System.Globalization;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Web.Features.Notifications;

namespace LearnHub.Web.Features.LectureHall;

/// <summary>The lecture hall's messages to trainees, all through the <see cref="Notifier"/>.</summary>
public sealed class HallNotices(Notifier notifier)
{
    /// <summary>
    /// Tells each person what a roster change did for them: a seat, a place on the waiting list, a move up into a freed seat.
    /// Every page that changes a roster hands its change here, so no caller forgets one.
    /// </summary>
    public async Task TellAsync(LectureHallSession session, RosterChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        foreach (var personId in change.Registered)
        {
            await RegisteredAsync(session, personId, cancellationToken);
        }

        foreach (var personId in change.Waitlisted)
        {
            await WaitlistedAsync(session, personId, cancellationToken);
        }

        await PromotedAsync(session, change.Promoted, cancellationToken);
    }

    public Task RegisteredAsync(LectureHallSession session, int personId, CancellationToken cancellationToken) =>
        notifier.NotifyPersonAsync(personId, Message("Notice.Registered", session), cancellationToken);

    public Task WaitlistedAsync(LectureHallSession session, int personId, CancellationToken cancellationToken) =>
        notifier.NotifyPersonAsync(personId, Message("Notice.Waitlisted", session), cancellationToken);

    public async Task PromotedAsync(LectureHallSession session, IEnumerable<int> personIds, CancellationToken cancellationToken)
    {
        foreach (var personId in personIds)
        {
            await notifier.NotifyPersonAsync(personId, Message("Notice.Promoted", session), cancellationToken);
        }
    }

    public Task ReminderAsync(LectureHallSession session, int personId, CancellationToken cancellationToken) =>
        notifier.NotifyPersonAsync(personId, Message("Notice.Reminder", session) with
        {
            OnceKey = string.Create(CultureInfo.InvariantCulture, $"reminder:session:{session.Id}"),
        }, cancellationToken);

    private static NotificationMessage Message(string key, LectureHallSession session) => new(key,
        [session.Topic, session.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            session.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture),
            string.IsNullOrWhiteSpace(session.Venue) ? Notification.Text("Notice.VenueToBeAnnounced") : session.Venue],
        string.Create(CultureInfo.InvariantCulture, $"/lecture-hall/sessions/{session.Id}"));
}
