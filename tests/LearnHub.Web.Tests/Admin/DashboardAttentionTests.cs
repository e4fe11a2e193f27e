using System.Net;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Web.Tests.Live;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Admin;

/// <summary>The administrator's dashboard says what needs attention; a supervisor's stays their unit's counts.</summary>
public sealed class DashboardAttentionTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task The_dashboard_lists_an_upcoming_session_a_waiting_question_and_a_failed_video_to_an_administrator_only()
    {
        // A session in three days, one registered of 40 places.
        int upcoming;
        int lessonId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            var series = await db.LectureHallSeries.Include(s => s.Sessions).FirstAsync();
            var session = new LectureHallSession
            {
                Number = series.Sessions.Max(s => s.Number) + 1, Date = factory.Programme.Today.AddDays(3),
                StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(11, 30), Topic = "三天后的关注测试讲座", Capacity = 40,
                LecturerId = (await db.Lecturers.SingleAsync(l => l.Key == "luo-jian")).Id,
            };
            series.Sessions.Add(session);
            await db.SaveChangesAsync();
            upcoming = session.Id;
            var person = await db.People.OrderBy(p => p.Id).FirstAsync();
            db.SessionRegistrations.Add(new SessionRegistration { SessionId = upcoming, PersonId = person.Id, Status = RegistrationStatus.Registered, RequestedAt = factory.Clock.Now });

            // A video that failed to transcode, for a lesson of a course.
            var lesson = await db.Lessons.OrderBy(l => l.Id).FirstAsync();
            lessonId = lesson.Id;
            await db.SaveChangesAsync();
            var media = scope.ServiceProvider.GetRequiredService<MediaDbContext>();
            var asset = new MediaAsset(Guid.NewGuid(), "坏掉的录像.mp4", 1024, "owner", lesson.Id, factory.Clock.Now);
            asset.Failed(MediaFailure.TranscodeFailed, "ffmpeg exited with 1", factory.Clock.Now);
            media.Assets.Add(asset);
            // One that failed and was then replaced by a new upload for its lesson needs no one.
            var second = await db.Lessons.OrderBy(l => l.Id).Skip(1).FirstAsync();
            var replaced = new MediaAsset(Guid.NewGuid(), "已重新上传的录像.mp4", 1024, "owner", second.Id, factory.Clock.Now.AddHours(-1));
            replaced.Failed(MediaFailure.Truncated, null, factory.Clock.Now.AddHours(-1));
            media.Assets.Add(replaced);
            media.Assets.Add(new MediaAsset(Guid.NewGuid(), "重新上传.mp4", 1024, "owner", second.Id, factory.Clock.Now));
            await media.SaveChangesAsync();
        }

        // A trainee's question in a live room, not answered yet.
        var live = await LiveTestSupport.NewSessionAsync(factory, "关注测试直播");
        await using (var asker = await LiveTestSupport.BuildAsync(factory, "trainee@learnhub.example", live))
        {
            await asker.StartAsync();
            await asker.InvokeAsync("Ask", "请问年度报告什么时候提交？");
        }

        var admin = await factory.SignInAsync("admin@learnhub.example");
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin"));
        Assert.Contains("需要关注", page, StringComparison.Ordinal);
        Assert.Contains("三天后的关注测试讲座", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/lecture-hall/sessions/{upcoming}\"", page, StringComparison.Ordinal);
        Assert.Contains("罗健", page, StringComparison.Ordinal);
        Assert.Contains("参训 1 / 名额 40", page, StringComparison.Ordinal);
        Assert.Contains("请问年度报告什么时候提交？", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/live/{live}/console\"", page, StringComparison.Ordinal);
        Assert.Contains("坏掉的录像.mp4", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/lessons/{lessonId}/media\"", page, StringComparison.Ordinal);
        Assert.Contains("视频转码失败", page, StringComparison.Ordinal);
        Assert.DoesNotContain("已重新上传的录像.mp4", page, StringComparison.Ordinal);

        var supervisor = await factory.SignInAsync("supervisor@learnhub.example");
        var scoped = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/admin"));
        Assert.Contains("data-testid=\"dashboard-people\"", scoped, StringComparison.Ordinal);
        foreach (var hidden in new[] { "需要关注", "三天后的关注测试讲座", "请问年度报告什么时候提交？", "坏掉的录像.mp4", "attention-" })
        {
            Assert.DoesNotContain(hidden, scoped, StringComparison.Ordinal);
        }
    }
}
