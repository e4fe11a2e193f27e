using LearnHub.Courses.Calendar;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.Learning.Assessments;
using System.Text;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.LectureHalls;

/// <summary>Registration, scheduling, check-in codes and attendance on a real SQLite file.</summary>
public sealed class LectureHallTests : IAsyncLifetime
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("a-test-secret-of-enough-length");

    // 2026-11-26 14:20 in Shanghai: ten minutes before the session below starts.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 6, 20, 0, TimeSpan.Zero));
    private readonly ScratchDatabase _database = new();
    private readonly List<int> _people = [];
    private int _sessionId;
    private int _lecturerId;

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        var unit = new SupervisingUnit { Code = "civil", Name = "省民政厅" };
        var organization = new Organization { Name = "甲协会", CreditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001"), SupervisingUnit = unit, Field = OrganizationField.Economy };
        for (var i = 0; i < 4; i++)
        {
            var person = new Person { Name = $"学员{i}", Mobile = $"1371111000{i}", Organization = organization };
            person.AddPosition(i == 0 ? PositionKind.Secretary : PositionKind.Staff, new DateOnly(2024, 1, 1));
            db.People.Add(person);
        }

        var lecturer = new Lecturer { Key = "lin", Name = "林老师", AppointedFrom = new DateOnly(2026, 1, 1), AppointedUntil = new DateOnly(2026, 12, 31) };
        var series = new LectureHallSeries { Title = "2026年社会组织大讲堂", Year = 2026 };
        series.Sessions.Add(new LectureHallSession
        {
            Number = 8, Date = new DateOnly(2026, 11, 26), StartTime = new TimeOnly(14, 30), EndTime = new TimeOnly(17, 10),
            Topic = "年度总结", Venue = "报告厅, 一楼; 东侧", Description = "第一行\n第二行", Capacity = 2, Tiers = Tier.Secretaries, Lecturer = lecturer,
        });
        db.LectureHallSeries.Add(series);
        await db.SaveChangesAsync();
        _people.AddRange(await db.People.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
        _sessionId = series.Sessions[0].Id;
        _lecturerId = lecturer.Id;
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    private SqliteCoursesDbContext NewContext() => _database.NewContext();

    internal static ClassSettlement ClassSettlementOf(CoursesDbContext db, Roster roster, TrainingLedger ledger, ProgrammeClock clock) =>
        new(db, roster, new ClassStandings(db, new ClosingQuizResults(db), clock), ledger);

    private (Roster Roster, AttendanceBook Book, CoursesDbContext Db) Services(CoursesDbContext db)
    {
        var roster = new Roster(db, _clock.Programme());
        var ledger = new TrainingLedger(db, _clock);
        var book = new AttendanceBook(db, roster, new CheckInCodes(Secret, _clock), ledger, ClassSettlementOf(db, roster, ledger, _clock.Programme()),
            _clock.Programme(), Options.Create(new CheckInOptions { Secret = "x" }));
        return (roster, book, db);
    }

    [Fact]
    public async Task Assigned_trainee_takes_a_seat_and_the_waiting_list_is_promoted_first_come_first_served()
    {
        await using var db = NewContext();
        var (roster, _, _) = Services(db);
        // Capacity 2: the secretary is assigned (1 seat), one seat left for registration.
        Assert.Equal(RegisterOutcome.Assigned, (await roster.RegisterAsync(_sessionId, _people[0])).Outcome);
        Assert.Equal(RegisterOutcome.Registered, (await roster.RegisterAsync(_sessionId, _people[1])).Outcome);
        var second = await roster.RegisterAsync(_sessionId, _people[2]);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var third = await roster.RegisterAsync(_sessionId, _people[3]);
        Assert.Equal((RegisterOutcome.Waitlisted, 1), (second.Outcome, second.WaitlistPosition));
        Assert.Equal((RegisterOutcome.Waitlisted, 2), (third.Outcome, third.WaitlistPosition));

        var promoted = await roster.CancelAsync(_sessionId, _people[1]);

        Assert.Equal([_people[2]], promoted);
        var session = (await roster.LoadAsync(_sessionId))!;
        Assert.Equal(RosterStanding.Registered, await roster.StandingAsync(session, _people[2]));
        Assert.Equal(1, await roster.WaitlistPositionAsync(_sessionId, _people[3]));
        Assert.Equal(0, await roster.SeatsLeftAsync(session));
    }

    [Fact]
    public async Task Lecturer_cannot_be_scheduled_twice_at_once_nor_outside_the_term()
    {
        await using var db = NewContext();
        var scheduling = new SessionScheduling(db);
        var overlap = await scheduling.CheckAsync(null, _lecturerId, new DateOnly(2026, 11, 26), new TimeOnly(16, 0), new TimeOnly(18, 0));
        Assert.Equal(SchedulingProblem.Overlaps, overlap.Problem);
        Assert.Equal("年度总结", overlap.Clash!.Topic);
        Assert.True((await scheduling.CheckAsync(null, _lecturerId, new DateOnly(2026, 11, 26), new TimeOnly(17, 10), new TimeOnly(18, 0))).Ok);
        Assert.True((await scheduling.CheckAsync(_sessionId, _lecturerId, new DateOnly(2026, 11, 26), new TimeOnly(14, 0), new TimeOnly(17, 0))).Ok);
        Assert.Equal(SchedulingProblem.OutsideTerm, (await scheduling.CheckAsync(null, _lecturerId, new DateOnly(2027, 1, 5), new TimeOnly(9, 0), new TimeOnly(11, 0))).Problem);
        Assert.Equal(SchedulingProblem.EndBeforeStart, (await scheduling.CheckAsync(null, null, new DateOnly(2026, 5, 5), new TimeOnly(11, 0), new TimeOnly(9, 0))).Problem);
    }

    [Fact]
    public void Codes_are_valid_for_their_window_and_the_previous_one_only()
    {
        var codes = new CheckInCodes(Secret, _clock);
        var code = codes.Current(_sessionId);
        Assert.Matches("^[0-9]{6}$", code.Digits);
        Assert.Equal(CodeCheck.Valid, codes.Check(_sessionId, code.Digits));
        Assert.Equal(CodeCheck.Valid, codes.Check(_sessionId, code.Token));
        _clock.Advance(TimeSpan.FromSeconds(CheckInCodes.WindowSeconds));
        Assert.Equal(CodeCheck.Valid, codes.Check(_sessionId, code.Digits));
        _clock.Advance(TimeSpan.FromSeconds(CheckInCodes.WindowSeconds));
        Assert.Equal(CodeCheck.Expired, codes.Check(_sessionId, code.Digits));
        Assert.Equal(CodeCheck.Invalid, codes.Check(_sessionId + 1, codes.Current(_sessionId).Digits == codes.Current(_sessionId + 1).Digits ? "x" : codes.Current(_sessionId).Digits));
        Assert.Equal(CodeCheck.Invalid, new CheckInCodes(Encoding.UTF8.GetBytes("another-secret-entirely"), _clock).Check(_sessionId, codes.Current(_sessionId).Token));
    }

    [Fact]
    public async Task Check_in_after_the_threshold_is_late_and_leaving_early_is_recorded()
    {
        await using var db = NewContext();
        var (roster, book, _) = Services(db);
        var codes = new CheckInCodes(Secret, _clock);
        await roster.RegisterAsync(_sessionId, _people[1]);

        Assert.Equal(new CheckInResult(CheckInOutcome.CheckedIn, AttendanceState.Present), await book.CheckInAsync(_sessionId, _people[0], codes.Current(_sessionId).Digits));
        _clock.Advance(TimeSpan.FromMinutes(26)); // 14:46, 16 minutes after the start
        Assert.Equal(new CheckInResult(CheckInOutcome.CheckedIn, AttendanceState.Late), await book.CheckInAsync(_sessionId, _people[1], codes.Current(_sessionId).Digits));
        Assert.Equal(CheckInOutcome.AlreadyCheckedIn, (await book.CheckInAsync(_sessionId, _people[1], codes.Current(_sessionId).Digits)).Outcome);
        Assert.Equal(CheckInOutcome.NotOnRoster, (await book.CheckInAsync(_sessionId, _people[3], codes.Current(_sessionId).Digits)).Outcome);

        var left = await book.CheckOutAsync(_sessionId, _people[0]);
        Assert.Equal(AttendanceState.LeftEarly, left!.State);
    }

    [Fact]
    public async Task Closing_credits_present_and_late_and_corrections_reverse_and_credit_again_with_new_keys()
    {
        await using var db = NewContext();
        var (roster, book, _) = Services(db);
        var codes = new CheckInCodes(Secret, _clock);
        await book.CheckInAsync(_sessionId, _people[0], codes.Current(_sessionId).Digits);
        _clock.Advance(TimeSpan.FromHours(4));

        Assert.Equal(1, await book.CloseAsync(_sessionId, "admin-1"));
        Assert.Equal(0, await book.CloseAsync(_sessionId, "admin-1"));
        var ledger = new TrainingLedger(db, _clock);
        Assert.Equal(2.5m, (await ledger.EntriesAsync(_people[0])).Sum(e => e.Hours)); // 14:30–17:10 rounds down to 2.5

        Assert.Equal(CorrectionOutcome.ReasonRequired, await book.CorrectAsync(_sessionId, _people[0], AttendanceState.Absent, " ", "admin-1"));
        Assert.Equal(CorrectionOutcome.Corrected, await book.CorrectAsync(_sessionId, _people[0], AttendanceState.Absent, "代签，经核实本人未到场", "admin-1"));
        Assert.Equal(0m, (await ledger.EntriesAsync(_people[0])).Sum(e => e.Hours));
        Assert.Equal(CorrectionOutcome.Corrected, await book.CorrectAsync(_sessionId, _people[0], AttendanceState.Late, "监控核实迟到入场", "admin-2"));

        var entries = await ledger.EntriesAsync(_people[0]);
        Assert.Equal(2.5m, entries.Sum(e => e.Hours));
        Assert.Equal(3, entries.Count);
        Assert.Equal($"session:{_sessionId}", entries[0].CreditKey);
        Assert.StartsWith($"session:{_sessionId}#", entries[2].CreditKey, StringComparison.Ordinal);
        var audit = await db.AttendanceCorrections.OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([(AttendanceState?)AttendanceState.Present, AttendanceState.Absent], audit.Select(c => c.From));
        Assert.Equal("admin-2", audit[1].CorrectedBy);
    }

    [Fact]
    public async Task Sign_in_sheet_with_one_bad_row_imports_nothing()
    {
        await using var db = NewContext();
        var (_, book, _) = Services(db);
        var csv = "手机号,姓名,考勤,备注\n13711110000,学员0,出席,\n13799999999,某人,出席,\n";
        var result = await book.ImportSheetAsync(_sessionId, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "签到表.csv", "admin-1");
        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Problems.Single().Row);
        Assert.Equal(0, await db.AttendanceRecords.CountAsync());

        var good = "手机号,姓名,考勤,备注\n13711110000,学员0,请假,外出参加年检培训\n";
        Assert.Equal(1, (await book.ImportSheetAsync(_sessionId, new MemoryStream(Encoding.UTF8.GetBytes(good)), "签到表.csv", "admin-1")).Imported);
        Assert.Equal(AttendanceState.Excused, (await db.AttendanceRecords.SingleAsync()).State);
    }

    [Fact]
    public async Task Calendar_file_follows_rfc5545()
    {
        await using var db = NewContext();
        var session = await db.LectureHallSessions.Include(s => s.Series).SingleAsync();
        var ics = SessionCalendar.Build(session, "learnhub.example", "https://learnhub.example/lecture-hall/sessions/1", _clock.GetUtcNow(), _clock.Programme());
        var again = SessionCalendar.Build(session, "learnhub.example", "https://learnhub.example/lecture-hall/sessions/1", _clock.GetUtcNow().AddDays(1), _clock.Programme());

        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=Asia/Shanghai:20261126T143000\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTEND;TZID=Asia/Shanghai:20261126T171000\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("TZOFFSETTO:+0800", ics, StringComparison.Ordinal);
        Assert.Contains("LOCATION:报告厅\\, 一楼\\; 东侧\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DESCRIPTION:第一行\\n第二行\r\n", ics, StringComparison.Ordinal);
        var uid = ics.Split("\r\n").Single(l => l.StartsWith("UID:", StringComparison.Ordinal));
        Assert.Contains(uid, again, StringComparison.Ordinal);
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
    }

    [Fact]
    public void Credit_hours_round_down_to_quarter_hours()
    {
        Assert.Equal(2.5m, LectureHallSession.HoursBetween(new TimeOnly(14, 30), new TimeOnly(17, 0)));
        Assert.Equal(1.75m, LectureHallSession.HoursBetween(new TimeOnly(9, 0), new TimeOnly(10, 59)));
        Assert.Equal(0m, LectureHallSession.HoursBetween(new TimeOnly(10, 0), new TimeOnly(9, 0)));
        Assert.Equal(new DateOnly(2026, 4, 16), SessionScheduling.ThirdThursday(new DateOnly(2026, 4, 1)));
    }
}
