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
