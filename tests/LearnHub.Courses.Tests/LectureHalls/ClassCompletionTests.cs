using System.Text;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.LectureHalls;

/// <summary>The 1/7 leave rule of multi-day classes, at its boundary, and how a class is credited.</summary>
public sealed class ClassCompletionTests : IAsyncLifetime
{
    // Three days of 7 hours: 21 class hours, so 3 hours of leave is exactly 1/7.
    private static LectureHallSession Day(int day) => new()
    {
        Number = day, Date = new DateOnly(2026, 11, 23 + day), StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(16, 0), Topic = $"第{day}天",
    };

    // The pure rule only needs the programme's zone, not a moving clock.
    private static readonly ProgrammeClock China = new(TimeProvider.System);

    private static AttendanceRecord Present() => new() { State = AttendanceState.Present };

    private static AttendanceRecord LeftEarly(LectureHallSession session, TimeSpan beforeEnd) =>
        new() { State = AttendanceState.LeftEarly, CheckedOutAt = China.End(session) - beforeEnd };

    [Fact]
    public void Leave_of_exactly_one_seventh_completes_and_a_quarter_hour_more_does_not()
    {
        LectureHallSession[] days = [Day(1), Day(2), Day(3)];

        var exactly = ClassCompletion.Evaluate([(days[0], Present()), (days[1], Present()), (days[2], LeftEarly(days[2], TimeSpan.FromHours(3)))], China);
        Assert.Equal((21m, 3m, true), (exactly.ClassHours, exactly.LeaveHours, exactly.Completes));
        Assert.Equal(18m, exactly.AttendedHours);

        var over = ClassCompletion.Evaluate([(days[0], Present()), (days[1], Present()), (days[2], LeftEarly(days[2], TimeSpan.FromMinutes(195)))], China);
        Assert.Equal((3.25m, false), (over.LeaveHours, over.Completes));
        Assert.Equal(0m, over.AttendedHours);

        Assert.True(ClassCompletion.Completes(21m, 3m));
        Assert.False(ClassCompletion.Completes(21m, 3.0001m));
        Assert.False(ClassCompletion.Completes(0m, 0m));
    }

    [Fact]
    public void Excused_and_absent_days_count_whole_and_late_arrival_is_not_leave()
    {
        LectureHallSession[] days = [Day(1), Day(2), Day(3)];
        var excused = new AttendanceRecord { State = AttendanceState.Excused, Note = "病假" };

        Assert.False(ClassCompletion.Evaluate([(days[0], excused), (days[1], Present()), (days[2], Present())], China).Completes);
        Assert.Equal(7m, ClassCompletion.Evaluate([(days[0], null), (days[1], Present()), (days[2], Present())], China).LeaveHours);
        Assert.Equal(0m, ClassCompletion.Evaluate([(days[0], new AttendanceRecord { State = AttendanceState.Late }), (days[1], Present()), (days[2], Present())], China).LeaveHours);
        // A left-early correction that does not say when is taken as the whole session.
        Assert.Equal(7m, ClassCompletion.LeaveHours(days[0], new AttendanceRecord { State = AttendanceState.LeftEarly }, China));
    }

    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("a-test-secret-of-enough-length");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 0, 30, 0, TimeSpan.Zero)); // 08:30 on day 1 in Shanghai
    private readonly ScratchDatabase _database = new();
    private readonly List<int> _people = [];
    private readonly List<int> _sessions = [];

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        var unit = new SupervisingUnit { Code = "civil", Name = "省民政厅" };
        var organization = new Organization { Name = "乙基金会", CreditCode = "51510000MJ0000002" + CreditCode.CheckCharacter("51510000MJ0000002"), SupervisingUnit = unit };
        for (var i = 0; i < 3; i++)
        {
            var person = new Person { Name = $"书记{i}", Mobile = $"1372222000{i}", Organization = organization };
            person.AddPosition(PositionKind.Secretary, new DateOnly(2024, 1, 1));
            db.People.Add(person);
        }

        // Two days of 3.5 hours: a 7-hour class, so one hour of leave is exactly 1/7.
        var series = new LectureHallSeries { Title = "党组织书记培训班", Year = 2026, IsClass = true };
        for (var day = 1; day <= 2; day++)
        {
            series.Sessions.Add(new LectureHallSession
            {
                Number = day, Date = new DateOnly(2026, 11, 23 + day), StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(12, 30),
                Topic = $"第{day}天", Capacity = 10, Tiers = Tier.Secretaries,
            });
        }

        db.LectureHallSeries.Add(series);
        await db.SaveChangesAsync();
        _people.AddRange(await db.People.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
        _sessions.AddRange(series.Sessions.Select(s => s.Id));
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    private SqliteCoursesDbContext NewContext() => _database.NewContext();

    [Fact]
    public async Task A_class_is_credited_once_its_last_day_closes_and_only_to_those_within_the_leave_rule()
    {
        await using var db = NewContext();
        var roster = new Roster(db, _clock.Programme());
        var codes = new CheckInCodes(Secret, _clock);
        var ledger = new TrainingLedger(db, _clock);
        var book = new AttendanceBook(db, roster, codes, ledger, LectureHallTests.ClassSettlementOf(db, roster, ledger, _clock.Programme()), _clock.Programme(),
            Options.Create(new CheckInOptions { Secret = "x" }));
        var (full, boundary, over) = (_people[0], _people[1], _people[2]);

        // Day 1: everybody there all morning.
        foreach (var person in _people)
        {
            Assert.Equal(CheckInOutcome.CheckedIn, (await book.CheckInAsync(_sessions[0], person, codes.Current(_sessions[0]).Digits)).Outcome);
        }

        _clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, await book.CloseAsync(_sessions[0], "admin-1"));
        Assert.Empty(await db.LedgerEntries.ToListAsync());

        // Day 2: one leaves exactly an hour early (1/7 of the class), one a quarter hour more.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 0, 45, 0, TimeSpan.Zero));
        foreach (var person in _people)
        {
            await book.CheckInAsync(_sessions[1], person, codes.Current(_sessions[1]).Digits);
        }

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 3, 15, 0, TimeSpan.Zero)); // 11:15
        await book.CheckOutAsync(_sessions[1], over);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 3, 30, 0, TimeSpan.Zero)); // 11:30
        await book.CheckOutAsync(_sessions[1], boundary);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero));

        Assert.Equal(2, await book.CloseAsync(_sessions[1], "admin-1"));
        Assert.Equal(0, await book.CloseAsync(_sessions[1], "admin-1"));
        Assert.Equal(7m, (await ledger.EntriesAsync(full)).Sum(e => e.Hours));
        var credit = Assert.Single(await ledger.EntriesAsync(boundary));
        Assert.Equal((6m, true, LedgerSource.InPersonAttendance, credit.Reference), (credit.Hours, credit.Centralized, credit.Source, credit.CreditKey));
        Assert.StartsWith("class:", credit.Reference, StringComparison.Ordinal);
        Assert.Empty(await ledger.EntriesAsync(over));
        Assert.Empty(await db.LedgerEntries.Where(e => e.Reference.StartsWith("session:")).ToListAsync());

        // A correction can take the completion away (reversed) and give it back (a new key).
        Assert.Equal(CorrectionOutcome.Corrected, await book.CorrectAsync(_sessions[0], full, AttendanceState.Excused, "第一天请假，补登", "admin-1"));
        Assert.Equal(0m, (await ledger.EntriesAsync(full)).Sum(e => e.Hours));
        Assert.Equal(CorrectionOutcome.Corrected, await book.CorrectAsync(_sessions[0], full, AttendanceState.Present, "请假登记有误", "admin-1"));
        var entries = await ledger.EntriesAsync(full);
        Assert.Equal(7m, entries.Sum(e => e.Hours));
        Assert.EndsWith("#2", entries[^1].CreditKey, StringComparison.Ordinal);
        Assert.Equal(CorrectionOutcome.Corrected, await book.CorrectAsync(_sessions[1], over, AttendanceState.Present, "签退记录有误", "admin-1"));
        Assert.Equal(7m, (await ledger.EntriesAsync(over)).Sum(e => e.Hours));
    }
}
