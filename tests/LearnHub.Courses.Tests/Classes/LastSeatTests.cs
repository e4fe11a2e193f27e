using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Classes;

/// <summary>
/// Two organizers approving at the same moment for the last seat, each on a connection of its own to one SQLite file:
/// one gets the seat, the other's approval retries once and lands on the waiting list, with or without sessions.
/// </summary>
public sealed class LastSeatTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly ScratchDatabase _database = new();

    public async Task InitializeAsync()
    {
        await using var db = _database.NewContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    /// <summary>Holds every context's first save until both have loaded and counted the seats: the race, every time.</summary>
    private sealed class BothCountFirst : SaveChangesInterceptor
    {
        private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _arrived) == 2)
            {
                _both.SetResult();
            }

            await _both.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return result;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_approvals_for_the_last_seat_admit_one_and_put_the_other_on_the_waiting_list(bool withSessions)
    {
        var (classId, pending) = await ClassWithOneSeatLeftAsync(withSessions);
        var gate = new BothCountFirst();

        async Task<EnrolmentResult> ApproveAsync(int enrolmentId)
        {
            await using var db = _database.NewContext(gate);
            return await new ClassEnrolments(db, _clock.Programme()).ApproveAsync(enrolmentId, "admin-" + enrolmentId);
        }

        var results = await Task.WhenAll(ApproveAsync(pending[0]), ApproveAsync(pending[1]));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Outcome.ToString()));
        Assert.Equal([EnrolmentStatus.Admitted, EnrolmentStatus.Waitlisted], results.Select(r => r.Moves[0].Status).Order());
        await using var check = _database.NewContext();
        var statuses = await check.ClassEnrolments.Where(e => e.ClassId == classId).Select(e => e.Status).ToListAsync();
        Assert.Equal(2, statuses.Count(s => s == EnrolmentStatus.Admitted));
        Assert.Equal(1, statuses.Count(s => s == EnrolmentStatus.Waitlisted));
        if (withSessions)
        {
            // The sessions' roster holds the two admitted only.
            var session = await check.LectureHallSessions.Where(s => s.Series!.IsClass).Select(s => s.Id).SingleAsync();
            Assert.Equal(2, await check.SessionRegistrations.CountAsync(r => r.SessionId == session && r.Status == RegistrationStatus.Registered));
        }
    }

    /// <summary>Before each of the first <paramref name="races"/> saves of the context it watches, another organizer's decision saves first.</summary>
    private sealed class DecisionSavesFirst(Func<int, Task> approve, int races) : SaveChangesInterceptor
    {
        private int _saves;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (_saves < races)
            {
                await approve(_saves++);
            }

            return result;
        }
    }

    private ClassPlanner Planner(CoursesDbContext db) =>
        new(db, new SessionPlanner(db, new SessionScheduling(db), new Roster(db, _clock.Programme())), new ClassEnrolments(db, _clock.Programme()));

    private async Task DecideAsync(Func<ClassEnrolments, Task<EnrolmentResult>> decide)
    {
        await using var db = _database.NewContext();
        Assert.True((await decide(new ClassEnrolments(db, _clock.Programme()))).Succeeded);
    }

    private Task ApproveAsync(int enrolmentId) => DecideAsync(e => e.ApproveAsync(enrolmentId, "admin-" + enrolmentId));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_class_edit_that_races_an_approval_is_made_once_more_on_the_fresh_seats(bool withSessions)
    {
        var (classId, pending) = await ClassWithOneSeatLeftAsync(withSessions);
        await using var db = _database.NewContext(new DecisionSavesFirst(_ => ApproveAsync(pending[0]), races: 1));
        var draft = new ClassDraft("党组织书记培训班（第二期）", "", ClassKind.InPerson, new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27), "省委党校",
            3, null, [], null, null, null);

        var result = await Planner(db).SaveAsync(classId, draft);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors));
        await using var check = _database.NewContext();
        var saved = await check.TrainingClasses.SingleAsync(c => c.Id == classId);
        Assert.Equal(("党组织书记培训班（第二期）", 3), (saved.Title, saved.Capacity));
        Assert.Equal(2, await check.ClassEnrolments.CountAsync(e => e.ClassId == classId && e.Status == EnrolmentStatus.Admitted));

        // Made again on fresh values: seats below the admitted count that the approval raised are refused, not saved.
        await using var again = _database.NewContext(new DecisionSavesFirst(_ => ApproveAsync(pending[1]), races: 1));
        var refused = await Planner(again).SaveAsync(classId, draft with { Capacity = 2 });
        Assert.Equal([new ClassError(ClassField.Capacity, ClassProblem.BelowAdmitted)], refused.Errors);
    }

    [Fact]
    public async Task A_class_edit_that_loses_the_race_twice_in_a_row_is_reported_and_saves_nothing()
    {
        var (classId, pending) = await ClassWithOneSeatLeftAsync(withSessions: false);
        // An approval takes the last seat, then its withdrawal frees it: the seats move before each of the edit's two saves.
        await using var db = _database.NewContext(new DecisionSavesFirst(race => race == 0 ? ApproveAsync(pending[0])
            : DecideAsync(e => e.WithdrawAsync(pending[0], "admin-1")), races: 2));
        var draft = new ClassDraft("改名的班", "", ClassKind.InPerson, new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27), "省委党校", 5, null, [], null, null, null);

        var result = await Planner(db).SaveAsync(classId, draft);

        Assert.Equal([new ClassError(ClassField.Capacity, ClassProblem.Contended)], result.Errors);
        await using var check = _database.NewContext();
        Assert.Equal("党组织书记培训班", await check.TrainingClasses.Where(c => c.Id == classId).Select(c => c.Title).SingleAsync());
    }

    /// <summary>A class of two seats with one taken and two people pending.</summary>
    private async Task<(int ClassId, int[] Pending)> ClassWithOneSeatLeftAsync(bool withSessions)
    {
        await using var db = _database.NewContext();
        var organization = new Organization { Name = "甲协会", CreditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001"),
            SupervisingUnit = new SupervisingUnit { Code = "civil", Name = "省民政厅" } };
        var people = Enumerable.Range(0, 3).Select(i => new Person { Name = $"学员{i}", Mobile = $"1371111000{i}", Organization = organization }).ToList();
        db.People.AddRange(people);
        var series = new LectureHallSeries { Title = "党组织书记培训班", Year = 2026, IsClass = true };
        db.LectureHallSeries.Add(series);
        await db.SaveChangesAsync();
        var trainingClass = new TrainingClass
        {
            Title = "党组织书记培训班", Kind = ClassKind.InPerson, StartsOn = new DateOnly(2026, 11, 26), EndsOn = new DateOnly(2026, 11, 27), Capacity = 2,
            SeriesId = series.Id,
        };
        db.TrainingClasses.Add(trainingClass);
        if (withSessions)
        {
            db.LectureHallSessions.Add(new LectureHallSession
            {
                SeriesId = series.Id, Number = 1, Date = new DateOnly(2026, 11, 26), StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(12, 0),
                Topic = "第一讲", Capacity = 2,
            });
        }

        await db.SaveChangesAsync();
        var enrolments = new ClassEnrolments(db, _clock.Programme());
        var ids = new List<int>();
        foreach (var person in people)
        {
            ids.Add((await enrolments.NominateAsync(trainingClass.Id, person.Id, "contact-1")).Moves[0].EnrolmentId);
        }

        Assert.Equal(EnrolmentStatus.Admitted, (await enrolments.ApproveAsync(ids[0], "admin-1")).Moves[0].Status);
        return (trainingClass.Id, [ids[1], ids[2]]);
    }
}
