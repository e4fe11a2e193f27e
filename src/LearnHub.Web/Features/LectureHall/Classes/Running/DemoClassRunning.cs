using LearnHub.Courses.Content;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Classes.Running;

/// <summary>content/class-running.yaml: the demo class's head teacher, leave, notices and groups.</summary>
public sealed class ClassRunningFile
{
    public DemoHeadTeacher HeadTeacher { get; set; } = new();

    public List<DemoLeave> Leave { get; set; } = [];

    public List<DemoNotice> Notices { get; set; } = [];

    public List<DemoGroup> Groups { get; set; } = [];

    /// <summary>Trainees (by mobile) checked in to the session whose check-in is open at load time.</summary>
    public List<string> Arrived { get; set; } = [];
}

public sealed class DemoHeadTeacher
{
    public string Email { get; set; } = "";

    public string? Mobile { get; set; }
}

public sealed class DemoLeave
{
    public string Mobile { get; set; } = "";

    /// <summary>Session numbers of the class.</summary>
    public List<int> Sessions { get; set; } = [];

    public string Reason { get; set; } = "";

    /// <summary>pending, approved or refused.</summary>
    public string State { get; set; } = "pending";

    public string? Comment { get; set; }
}

public sealed class DemoNotice
{
    public string Title { get; set; } = "";

    public string Body { get; set; } = "";
}

public sealed class DemoGroup
{
    public string Name { get; set; } = "";

    /// <summary>Members by mobile; the first leads the group.</summary>
    public List<string> Members { get; set; } = [];
}

/// <summary>
/// Runs the demo class as its head teacher would, once the demo accounts exist: names the head teacher, asks and
/// decides leave through <see cref="ClassLeave"/>, posts notices through <see cref="ClassNoticeBoard"/> (everyone told
/// through the Notifier) and splits the trainees into groups. Done once: a class that has a head teacher is left alone.
/// </summary>
internal static class DemoClassRunning
{
    /// <summary>The reason on attendance entered after the check-in closed (demo data, in the content's language).</summary>
    private const string DemoPaperSheet = "按纸质签到表补录";

    public static async Task EnsureAsync(IServiceProvider services, string contentPath, CancellationToken cancellationToken)
    {
        var file = Path.Combine(contentPath, "class-running.yaml");
        var db = services.GetRequiredService<CoursesDbContext>();
        var trainingClass = await db.TrainingClasses.OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        // Only on the day the demo was loaded: its leave is asked for sessions still to come then.
        var today = services.GetRequiredService<LearnHub.Courses.Calendar.ProgrammeClock>().Today;
        if (!File.Exists(file) || trainingClass is null || trainingClass.HeadTeacherUserId is not null || trainingClass.StartsOn != today)
        {
            return;
        }

        var content = ContentYaml.Read<ClassRunningFile>(file);
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var headTeacher = await users.FindByEmailAsync(content.HeadTeacher.Email)
            ?? throw new InvalidDataException($"{file}: no demo account {content.HeadTeacher.Email}.");
        if (string.IsNullOrEmpty(headTeacher.PhoneNumber) && content.HeadTeacher.Mobile is { Length: > 0 } mobile)
        {
            (headTeacher.PhoneNumber, headTeacher.PhoneNumberConfirmed) = (mobile, true);
            Check(await users.UpdateAsync(headTeacher), file);
        }

        trainingClass.HeadTeacherUserId = headTeacher.Id;
        await db.SaveChangesAsync(cancellationToken);

        var leave = services.GetRequiredService<ClassLeave>();
        var notices = services.GetRequiredService<ClassRunNotices>();
        var sessions = await db.LectureHallSessions.Where(s => s.SeriesId == trainingClass.SeriesId).ToDictionaryAsync(s => s.Number, s => s.Id, cancellationToken);
        var people = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Mobile, p => p.Id, cancellationToken);
        foreach (var entry in content.Leave)
        {
            var personId = Lookup(people, entry.Mobile, file);
            var account = await users.Users.Where(u => u.PersonId == personId).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken) ?? "";
            var asked = await leave.AskAsync(trainingClass.Id, personId, entry.Sessions.Select(n => Lookup(sessions, n, file)), entry.Reason.Trim(),
                account, cancellationToken);
            if (!asked.Succeeded)
            {
                throw new InvalidDataException($"{file}: leave of {entry.Mobile}: {asked.Outcome}");
            }

            await notices.LeaveAskedAsync(trainingClass, asked.Request!, cancellationToken);
            var decided = entry.State switch
            {
                "approved" => await leave.ApproveAsync(asked.Request!.Id, entry.Comment, headTeacher.Id, cancellationToken),
                "refused" => await leave.RefuseAsync(asked.Request!.Id, entry.Comment, headTeacher.Id, cancellationToken),
                "pending" => asked,
                _ => throw new InvalidDataException($"{file}: leave of {entry.Mobile}: unknown state '{entry.State}'."),
            };
            if (!decided.Succeeded)
            {
                throw new InvalidDataException($"{file}: leave of {entry.Mobile}: {decided.Outcome}");
            }

            if (entry.State != "pending")
            {
                await notices.LeaveDecidedAsync(trainingClass, decided.Request!, cancellationToken);
            }
        }

        var board = services.GetRequiredService<ClassNoticeBoard>();
        foreach (var entry in content.Notices)
        {
            var posted = await board.PostAsync(trainingClass.Id, entry.Title, entry.Body, headTeacher.Id, headTeacher.DisplayName, cancellationToken);
            if (!posted.Succeeded)
            {
                throw new InvalidDataException($"{file}: notice '{entry.Title}': {string.Join(", ", posted.Problems)}");
            }

            await notices.NoticePostedAsync(trainingClass, posted.Notice!, posted.Recipients, cancellationToken);
        }

        var book = services.GetRequiredService<AttendanceBook>();
        var codes = services.GetRequiredService<CheckInCodes>();
        var clock = services.GetRequiredService<LearnHub.Courses.Calendar.ProgrammeClock>();
        foreach (var session in await db.LectureHallSessions.Include(s => s.Series).Where(s => s.SeriesId == trainingClass.SeriesId && s.Date == today).ToListAsync(cancellationToken))
        {
            foreach (var arrived in content.Arrived)
            {
                var personId = Lookup(people, arrived, file);
                if (book.IsCheckInOpen(session))
                {
                    await book.CheckInAsync(session.Id, personId, codes.Current(session.Id).Digits, cancellationToken);
                }
                else if (clock.Start(session) <= clock.UtcNow)
                {
                    // Begun and its check-in closed before the demo was loaded (an afternoon or evening load): those who
                    // came are on the head teacher's paper sheet, entered as a correction, as a real class would be.
                    await book.CorrectAsync(session.Id, personId, AttendanceState.Present, DemoPaperSheet, headTeacher.Id, cancellationToken);
                }
            }
        }

        var groups = services.GetRequiredService<ClassGroups>();
        foreach (var entry in content.Groups)
        {
            Expect(await groups.CreateAsync(trainingClass.Id, entry.Name, cancellationToken), file, entry.Name);
            var groupId = await db.ClassGroups.Where(g => g.ClassId == trainingClass.Id && g.Name == entry.Name).Select(g => g.Id).SingleAsync(cancellationToken);
            var members = entry.Members.Select(m => Lookup(people, m, file)).ToList();
            Expect(await groups.AssignAsync(trainingClass.Id, members.ToDictionary(m => m, _ => (int?)groupId), cancellationToken), file, entry.Name);
            if (members.Count > 0)
            {
                Expect(await groups.SetLeaderAsync(trainingClass.Id, groupId, members[0], cancellationToken), file, entry.Name);
            }
        }
    }

    private static T Lookup<TKey, T>(Dictionary<TKey, T> items, TKey key, string file) where TKey : notnull =>
        items.TryGetValue(key, out var item) ? item : throw new InvalidDataException($"{file}: '{key}' is not defined.");

    private static void Expect(GroupOutcome outcome, string file, string group)
    {
        if (outcome != GroupOutcome.Done)
        {
            throw new InvalidDataException($"{file}: group {group}: {outcome}");
        }
    }

    private static void Check(IdentityResult result, string file)
    {
        if (!result.Succeeded)
        {
            throw new InvalidDataException($"{file}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
