using System.Globalization;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Web.Features.Notifications;

namespace LearnHub.Web.Features.LectureHall;

/// <summary>The lecture hall's messages to trainees, all through the <see cref="Notifier"/>.</summary>
public sealed class HallNotices(Notifier notifier)
{
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
            session.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture), session.Venue],
        string.Create(CultureInfo.InvariantCulture, $"/lecture-hall/sessions/{session.Id}"));
}
