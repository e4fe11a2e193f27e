using System.Globalization;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;

namespace LearnHub.Web.Features.LectureHall.Classes.Assessment;

/// <summary>Tells the trainee their reflection's grade and comment, and the head teacher that a reflection waits to be read.</summary>
public sealed class ClassAssessmentNotices(Notifier notifier, UserManager<AppUser> users)
{
    private const int CommentShown = 300;

    public async Task GradedAsync(TrainingClass trainingClass, ClassReflection reflection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        ArgumentNullException.ThrowIfNull(reflection);
        var score = reflection.Score?.ToString(CultureInfo.InvariantCulture) ?? "";
        var key = "ClassAssess.Notice." + reflection.Status + (reflection.Score is null ? "" : "Score");
        await notifier.NotifyPersonAsync(reflection.PersonId, new NotificationMessage(key,
            [trainingClass.Title, score, reflection.Comment.Length == 0 ? "—" : Clip(reflection.Comment)], string.Create(CultureInfo.InvariantCulture, $"/classes/{trainingClass.Id}/reflection")), cancellationToken);
    }

    /// <summary>The comment as a notification carries it; the reflection page shows it whole.</summary>
    private static string Clip(string comment) => comment.Length <= CommentShown ? comment : comment[..CommentShown] + "…";

    public async Task SubmittedAsync(TrainingClass trainingClass, ClassReflection reflection, string personName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        ArgumentNullException.ThrowIfNull(reflection);
        if (trainingClass.HeadTeacherUserId is { } teacherId && await users.FindByIdAsync(teacherId) is { } teacher)
        {
            await notifier.NotifyAsync(teacher, new NotificationMessage("ClassAssess.Notice.Submitted", [trainingClass.Title, personName],
                string.Create(CultureInfo.InvariantCulture, $"/classes/{trainingClass.Id}/reflections/{reflection.Id}")), cancellationToken);
        }
    }
}
