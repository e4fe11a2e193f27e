using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Ledger;

/// <summary>The ledger's guarantees on a real SQLite file: once-only credits, reversals that never edit.</summary>
public sealed class TrainingLedgerTests : IAsyncLifetime
{
    private readonly ScratchDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private int _personId;

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        var unit = new SupervisingUnit { Code = "civil", Name = "省民政厅" };
        var organization = new Organization { Name = "甲协会", CreditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001"), SupervisingUnit = unit };
        var person = new Person { Name = "林晓", Mobile = "13711110001", Organization = organization };
        db.People.Add(person);
        await db.SaveChangesAsync();
        _personId = person.Id;
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    private SqliteCoursesDbContext NewContext() => _database.NewContext();

    private LedgerCredit Completion(string? key = "course:7", decimal hours = 1.5m) =>
        new(_personId, new DateOnly(2026, 3, 2), hours, LedgerSource.CourseCompletion, false, "course:7", key, "社会组织法规", TrainingLedger.System);

    [Fact]
    public async Task A_completion_that_arrives_twice_credits_once()
    {
        await using var db = NewContext();
        var ledger = new TrainingLedger(db, _clock);

        Assert.Equal(CreditOutcome.Credited, await ledger.CreditAsync(Completion()));
        Assert.Equal(CreditOutcome.AlreadyCredited, await ledger.CreditAsync(Completion()));

        var entries = await ledger.EntriesAsync(_personId, 2026);
        Assert.Equal(1.5m, Assert.Single(entries).Hours);
    }

    [Fact]
    public async Task Concurrent_completions_from_separate_contexts_credit_once()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            await using var db = NewContext();
            return await new TrainingLedger(db, _clock).CreditAsync(Completion());
        }));

        Assert.Single(outcomes, o => o == CreditOutcome.Credited);
        await using var check = NewContext();
        Assert.Equal(1, await check.LedgerEntries.CountAsync());
    }

    [Fact]
    public async Task A_reversal_is_a_new_opposite_entry_and_happens_once()
    {
        await using var db = NewContext();
        var ledger = new TrainingLedger(db, _clock);
        await ledger.CreditAsync(Completion());
        var original = (await ledger.EntriesAsync(_personId)).Single();

        Assert.Equal(ReversalOutcome.Reversed, await ledger.ReverseAsync(original.Id, "重复登记", "admin-1"));
        Assert.Equal(ReversalOutcome.AlreadyReversed, await ledger.ReverseAsync(original.Id, "再次撤销", "admin-1"));

        var entries = await ledger.EntriesAsync(_personId);
        Assert.Equal(2, entries.Count);
        Assert.Equal(1.5m, entries[0].Hours);
        var reversal = entries[1];
        Assert.Equal(-1.5m, reversal.Hours);
        Assert.Equal(original.Id, reversal.ReversesEntryId);
        Assert.Equal("admin-1", reversal.RecordedBy);
        Assert.Equal("重复登记", reversal.Note);
        Assert.Equal(0m, entries.Sum(e => e.Hours));
        Assert.Equal(ReversalOutcome.IsReversal, await ledger.ReverseAsync(reversal.Id, "x", "admin-1"));
        Assert.Equal(ReversalOutcome.NotFound, await ledger.ReverseAsync(99_999, "x", "admin-1"));
    }

    [Fact]
    public async Task Entries_are_counted_in_the_year_of_their_date()
    {
        await using var db = NewContext();
        var ledger = new TrainingLedger(db, _clock);
        await ledger.CreditAsync(Completion() with { Date = new DateOnly(2025, 12, 31), CreditKey = "a" });
        await ledger.CreditAsync(Completion() with { Date = new DateOnly(2026, 1, 1), CreditKey = "b" });

        Assert.Equal(new DateOnly(2025, 12, 31), Assert.Single(await ledger.EntriesAsync(_personId, 2025)).Date);
        Assert.Equal(new DateOnly(2026, 1, 1), Assert.Single(await ledger.EntriesAsync(_personId, 2026)).Date);
    }

    [Fact]
    public async Task A_batch_credits_each_key_once_across_the_ledger_and_within_itself()
    {
        await using var db = NewContext();
        var ledger = new TrainingLedger(db, _clock);
        await ledger.CreditAsync(Completion("course:1"));

        var recordedAt = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var entries = await ledger.CreditManyAsync([Completion("course:1"), Completion("course:2"), Completion("course:2"), Completion(null, 0.5m)], recordedAt);

        Assert.Null(entries[0]);
        Assert.NotNull(entries[1]);
        Assert.Null(entries[2]);
        Assert.NotNull(entries[3]);
        Assert.True(entries[1]!.Id > 0);
        Assert.Equal(recordedAt, entries[1]!.RecordedAt);
        await using var check = NewContext();
        Assert.Equal(3, await check.LedgerEntries.CountAsync());
        Assert.Equal(1, await check.LedgerEntries.CountAsync(e => e.CreditKey == "course:2"));
    }

    [Fact]
    public async Task A_batch_with_a_bad_line_writes_nothing()
    {
        await using var db = NewContext();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new TrainingLedger(db, _clock).CreditManyAsync([Completion("a"), Completion("b", 0.1m)]));
        await using var check = NewContext();
        Assert.Equal(0, await check.LedgerEntries.CountAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.1)]
    public async Task Hours_must_be_whole_quarter_hours(double hours)
    {
        await using var db = NewContext();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new TrainingLedger(db, _clock).CreditAsync(Completion(hours: (decimal)hours)));
    }

    [Fact]
    public async Task A_session_credited_live_holds_its_reference_for_the_room_until_reversed()
    {
        await using var db = NewContext();
        var ledger = new TrainingLedger(db, _clock);
        var live = new LedgerCredit(_personId, new DateOnly(2026, 5, 20), 2.5m, LedgerSource.LiveLecture, true, "session:5", "live:5",
            "第五讲", TrainingLedger.System);
        await ledger.CreditAsync(live);

        // The room sees the live credit; the live lecture does not count its own credit against itself.
        Assert.Equal([_personId], await ledger.HoldersOfAsync("session:5", "session:5", [_personId]));
        Assert.Empty(await ledger.HoldersOfAsync("session:5", "live:5", [_personId]));
        Assert.Empty(await ledger.HoldersOfAsync("session:6", "session:6", [_personId]));

        var entry = (await ledger.EntriesAsync(_personId, 2026)).Single();
        Assert.Equal(ReversalOutcome.Reversed, await ledger.ReverseAsync(entry.Id, "误记", "admin"));
        Assert.Empty(await ledger.HoldersOfAsync("session:5", "session:5", [_personId]));
    }
}
