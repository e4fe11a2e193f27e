using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Catalogue;

/// <summary>The lesson list says which lessons a trainee has finished and which wait only for their quiz.</summary>
public sealed class LessonMarksTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task Finished_lessons_are_marked_and_a_watched_lesson_waiting_for_its_quiz_says_so()
    {
        int quizLesson, otherLesson;
        string slug;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            // A lesson with a published quiz, in a course with another lesson; both are reading lessons of a minute
            // (the tests' demo has no videos).
            var withQuiz = await db.Set<Quiz>().Where(q => q.Published && q.LessonId != null).Select(q => q.LessonId!.Value).ToListAsync();
            var lesson = await db.Lessons.Where(l => withQuiz.Contains(l.Id) && db.Lessons.Count(o => o.CourseId == l.CourseId) > 1)
                .Select(l => new { l.Id, l.CourseId }).FirstAsync();
            quizLesson = lesson.Id;
            var course = await db.Courses.Include(c => c.Lessons).SingleAsync(c => c.Id == lesson.CourseId);
            slug = course.Slug;
            otherLesson = course.Lessons.First(l => l.Id != quizLesson).Id;
            foreach (var l in course.Lessons.Where(l => l.Id == quizLesson || l.Id == otherLesson))
            {
                (l.MediaAssetId, l.ReadingMinutes) = (null, 1);
            }

            var personId = await db.People.Where(p => p.Mobile == "13800000001").Select(p => p.Id).SingleAsync();
            await db.LessonProgress.Where(p => p.PersonId == personId && p.CourseId == lesson.CourseId).ExecuteDeleteAsync();
            var now = factory.Clock.GetUtcNow();
            db.LessonProgress.Add(new LessonProgress
            {
                PersonId = personId, LessonId = quizLesson, CourseId = lesson.CourseId, ReadSeconds = 61, UpdatedAt = now,
            });
            db.LessonProgress.Add(new LessonProgress { PersonId = personId, LessonId = otherLesson, CourseId = lesson.CourseId, CompletedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }

        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var page = await trainee.GetStringAsync($"/courses/{slug}?lesson={quizLesson}");
        Assert.Matches($"href=\"\\?lesson={otherLesson}#player\"[^>]*data-lesson-state=\"finished\"", page);
        Assert.Matches($"href=\"\\?lesson={quizLesson}#player\"[^>]*data-lesson-state=\"quiz\"", page);
        Assert.Contains("data-testid=\"quiz-pending\"", page, StringComparison.Ordinal);

        // Someone else sees no marks of this trainee's.
        var other = await (await factory.SignInAsync("trainee2@learnhub.example")).GetStringAsync($"/courses/{slug}?lesson={quizLesson}");
        Assert.DoesNotContain("data-testid=\"quiz-pending\"", other, StringComparison.Ordinal);
    }
}
