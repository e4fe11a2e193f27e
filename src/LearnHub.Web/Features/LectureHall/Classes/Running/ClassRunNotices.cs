using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Classes.Running;

/// <summary>
/// What running a class tells people, through the <see cref="Notifier"/> (in-app and the person's channels): the head
/// teacher of a leave request, the trainee of the decision on it, and every admitted trainee of a class notice.
/// </summary>
public sealed class ClassRunNotices(Notifier notifier, UserManager<AppUser> users, CoursesDbContext db)
{
    public async Task LeaveAskedAsync(TrainingClass trainingClass, LeaveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        ArgumentNullException.ThrowIfNull(request);
        if (trainingClass.HeadTeacherUserId is not { } headTeacherId || await users.FindByIdAsync(headTeacherId) is not { } headTeacher)
        {
            return;
        }

        var name = await db.People.Where(p => p.Id == request.PersonId).Select(p => p.Name).SingleAsync(cancellationToken);
        await notifier.NotifyAsync(headTeacher, new NotificationMessage("ClassRun.Notice.LeaveAsked",
            [trainingClass.Title, name, await SessionsTextAsync(request, cancellationToken), request.Reason], RunLink(trainingClass) + "#leave"), cancellationToken);
    }

    public async Task LeaveDecidedAsync(TrainingClass trainingClass, LeaveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        ArgumentNullException.ThrowIfNull(request);
        var key = request.State == LeaveState.Approved ? "ClassRun.Notice.LeaveApproved" : "ClassRun.Notice.LeaveRefused";
        await notifier.NotifyPersonAsync(request.PersonId, new NotificationMessage(key,
            [trainingClass.Title, await SessionsTextAsync(request, cancellationToken), request.Comment], ClassLink(trainingClass) + "#leave"), cancellationToken);
    }

    /// <summary>Tells each admitted trainee of a new notice; returns how many people were told.</summary>
    public async Task<int> NoticePostedAsync(TrainingClass trainingClass, ClassNotice notice, IEnumerable<int> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(recipients);
        var told = 0;
        var message = new NotificationMessage("ClassRun.Notice.Posted", [trainingClass.Title, notice.Title],
            ClassLink(trainingClass) + string.Create(CultureInfo.InvariantCulture, $"#notice-{notice.Id}"),
            OnceKey: string.Create(CultureInfo.InvariantCulture, $"class-notice:{notice.Id}"));
        foreach (var personId in recipients)
        {
            told += await notifier.NotifyPersonAsync(personId, message, cancellationToken) ? 1 : 0;
        }

        return told;
    }

    /// <summary>The request's sessions as "MM-dd HH:mm topic", in time order.</summary>
    public async Task<string> SessionsTextAsync(LeaveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = request.Sessions.Select(s => s.SessionId).ToList();
        var sessions = await db.LectureHallSessions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
        return string.Join("；", sessions.OrderBy(s => s.Date).ThenBy(s => s.StartTime).Select(Describe));
    }

    public static string Describe(LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return string.Create(CultureInfo.InvariantCulture, $"{session.Date:MM-dd} {session.StartTime:HH\\:mm} {session.Topic}");
    }

    private static string ClassLink(TrainingClass c) => string.Create(CultureInfo.InvariantCulture, $"/classes/{c.Id}");

    private static string RunLink(TrainingClass c) => string.Create(CultureInfo.InvariantCulture, $"/classes/{c.Id}/run");
}
