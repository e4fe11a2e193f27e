using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Courses.Notifications;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Retention;
using System.Data.Common;
using LearnHub.DataAccess;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>Records past their retention period (<c>LearnHub:Retention</c>) go; younger ones, and what the ledger needs, stay.</summary>
public sealed class RetentionTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task Rows_older_than_their_period_go_younger_ones_stay_and_evidence_of_completed_lessons_is_kept()
    {
        var time = new FakeTimeProvider(factory.Clock.GetUtcNow());
        var now = time.GetUtcNow();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var identity = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var defaults = new RetentionOptions();

        var organizationId = await db.Organizations.Select(o => o.Id).FirstAsync();
        var person = new Person { Name = "留存测试", Mobile = "19900009901", OrganizationId = organizationId };
        person.AddPosition(PositionKind.Staff, new DateOnly(2020, 1, 1));
        db.People.Add(person);
        var lessons = await db.Lessons.OrderBy(l => l.Id).Take(2).Select(l => new { l.Id, l.CourseId }).ToListAsync();
        await db.SaveChangesAsync();
        var (completed, open) = (lessons[0], lessons[1]);
        db.LessonProgress.Add(new LessonProgress { PersonId = person.Id, LessonId = completed.Id, CourseId = completed.CourseId, UpdatedAt = now, CompletedAt = now });

        var evidenceAge = TimeSpan.FromDays(defaults.PlaybackEvidenceDays);
        PlaybackRecord Playback(int lessonId, TimeSpan age) => new()
        {
            Id = Guid.NewGuid(), PersonId = person.Id, LessonId = lessonId, StartedAt = now - age, LastReportAt = now - age, Device = "test", Intervals = "0-60",
        };
        var oldOpen = Playback(open.Id, evidenceAge + TimeSpan.FromDays(1));
        var youngOpen = Playback(open.Id, evidenceAge - TimeSpan.FromDays(1));
        var oldCompleted = Playback(completed.Id, evidenceAge + TimeSpan.FromDays(30));
        db.PlaybackRecords.AddRange(oldOpen, youngOpen, oldCompleted);
        var oldCheck = new WatchCheckRecord { Id = Guid.NewGuid(), PlaybackId = oldOpen.Id, PersonId = person.Id, LessonId = open.Id, IssuedAt = oldOpen.StartedAt };
        var keptCheck = new WatchCheckRecord { Id = Guid.NewGuid(), PlaybackId = oldCompleted.Id, PersonId = person.Id, LessonId = completed.Id, IssuedAt = oldCompleted.StartedAt };
        db.WatchCheckRecords.AddRange(oldCheck, keptCheck);

        var account = await identity.Users.Select(u => u.Id).FirstAsync();
        Notification Note(TimeSpan age) => new() { UserId = account, MessageKey = "Test", CreatedAt = now - age };
        var oldNote = Note(TimeSpan.FromDays(defaults.NotificationDays + 1));
        var youngNote = Note(TimeSpan.FromDays(defaults.NotificationDays - 1));
        db.Notifications.AddRange(oldNote, youngNote);
        OutgoingMail Mail(TimeSpan age, MailState state) => new() { To = "old@example.org", Subject = "s", Body = "b", State = state, CreatedAt = now - age, NextAttemptUtc = (now - age).UtcDateTime };
        var oldSent = Mail(TimeSpan.FromDays(defaults.OutboxDays + 1), MailState.Sent);
        var oldPending = Mail(TimeSpan.FromDays(defaults.OutboxDays + 1), MailState.Pending);
        var youngSent = Mail(TimeSpan.FromDays(defaults.OutboxDays - 1), MailState.Sent);
        db.OutgoingMail.AddRange(oldSent, oldPending, youngSent);
        var oldSms = new OutgoingSms
        {
            To = "19900009901", Template = SmsTemplate.Code, Parameters = "123456", State = MailState.Sent,
            CreatedAt = now.AddDays(-defaults.OutboxDays - 1), NextAttemptUtc = now.AddDays(-defaults.OutboxDays - 1).UtcDateTime,
        };
        db.OutgoingSms.Add(oldSms);
        await db.SaveChangesAsync();

        AccountCode Code(TimeSpan expiredAgo) => new()
        {
            UserId = account, Purpose = CodePurpose.Activation, Channel = CodeChannel.Issued, Hash = Guid.NewGuid().ToString("N"),
            CreatedAt = now - expiredAgo - TimeSpan.FromDays(1), ExpiresUtc = (now - expiredAgo).UtcDateTime,
        };
        var oldCode = Code(TimeSpan.FromDays(defaults.AccountCodeDays + 1));
        var youngCode = Code(TimeSpan.FromDays(defaults.AccountCodeDays - 1));
        identity.AccountCodes.AddRange(oldCode, youngCode);
        await identity.SaveChangesAsync();

        var sweeper = ActivatorUtilities.CreateInstance<RetentionSweeper>(scope.ServiceProvider, time);
        var swept = await sweeper.SweepAsync(CancellationToken.None);
        Assert.True(swept.Total >= 6, swept.ToString());

        async Task<bool> Exists<T>(DbContext context, object id) where T : class
        {
            context.ChangeTracker.Clear();
            return await context.Set<T>().FindAsync(id) is not null;
        }

        Assert.False(await Exists<PlaybackRecord>(db, oldOpen.Id));
        Assert.True(await Exists<PlaybackRecord>(db, youngOpen.Id));
        Assert.True(await Exists<PlaybackRecord>(db, oldCompleted.Id));
        Assert.False(await Exists<WatchCheckRecord>(db, oldCheck.Id));
        Assert.True(await Exists<WatchCheckRecord>(db, keptCheck.Id));
        Assert.False(await Exists<Notification>(db, oldNote.Id));
        Assert.True(await Exists<Notification>(db, youngNote.Id));
        Assert.False(await Exists<OutgoingMail>(db, oldSent.Id));
        Assert.True(await Exists<OutgoingMail>(db, oldPending.Id));
        Assert.True(await Exists<OutgoingMail>(db, youngSent.Id));
        Assert.False(await Exists<OutgoingSms>(db, oldSms.Id));
        Assert.False(await Exists<AccountCode>(identity, oldCode.Id));
        Assert.True(await Exists<AccountCode>(identity, youngCode.Id));

        // Two days on, the rows that were a day short of their period are past it too; the completed lesson's evidence still stays.
        time.Advance(TimeSpan.FromDays(2));
        await sweeper.SweepAsync(CancellationToken.None);
        Assert.False(await Exists<PlaybackRecord>(db, youngOpen.Id));
        Assert.False(await Exists<Notification>(db, youngNote.Id));
        Assert.False(await Exists<OutgoingMail>(db, youngSent.Id));
        Assert.False(await Exists<AccountCode>(identity, youngCode.Id));
        Assert.True(await Exists<PlaybackRecord>(db, oldCompleted.Id));
        Assert.True(await Exists<OutgoingMail>(db, oldPending.Id));
    }

    /// <summary>
    /// Playback evidence has random ids, so the sweep reads it through, page by page. Rows that leave the query while it
    /// pages (a lesson completed meanwhile keeps its evidence) must not make it skip rows it has not read yet: it pages
    /// by id, not by a count of rows to skip.
    /// </summary>
    [Fact]
    public async Task A_sweep_over_several_batches_removes_exactly_the_expired_rows_even_when_rows_leave_the_query_meanwhile()
    {
        var time = new FakeTimeProvider(factory.Clock.GetUtcNow());
        var now = time.GetUtcNow();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var defaults = new RetentionOptions();
        var organizationId = await db.Organizations.Select(o => o.Id).FirstAsync();
        Person Someone(string mobile)
        {
            var person = new Person { Name = "分页留存", Mobile = mobile, OrganizationId = organizationId };
            person.AddPosition(PositionKind.Staff, new DateOnly(2020, 1, 1));
            return person;
        }

        var (swept, finishing) = (Someone("19900009911"), Someone("19900009912"));
        db.People.AddRange(swept, finishing);
        var lesson = await db.Lessons.OrderByDescending(l => l.Id).Select(l => new { l.Id, l.CourseId }).FirstAsync();
        await db.SaveChangesAsync();

        var evidenceAge = TimeSpan.FromDays(defaults.PlaybackEvidenceDays);
        PlaybackRecord Playback(Guid id, int personId, TimeSpan age) => new()
        {
            Id = id, PersonId = personId, LessonId = lesson.Id, StartedAt = now - age, LastReportAt = now - age, Device = "test", Intervals = "0-60",
        };

        // Young rows first in id order, all in the first page: they are kept, then their lesson is completed while the sweep pages.
        var first = Enumerable.Range(1, 100).Select(i => Playback(Guid.Parse($"00000000-0000-0000-0000-{i:D12}"), finishing.Id, evidenceAge - TimeSpan.FromDays(1))).ToList();
        var random = new Random(7);
        var rows = Enumerable.Range(0, 3 * RetentionSweeper.Batch)
            .Select(i => Playback(RandomId(random), swept.Id,
                i % 3 == 0 ? evidenceAge - TimeSpan.FromDays(1) : evidenceAge + TimeSpan.FromDays(1 + (i % 5))))
            .ToList();
        db.PlaybackRecords.AddRange(first);
        db.PlaybackRecords.AddRange(rows);
        await db.SaveChangesAsync();

        var completion = new CompleteOnSecondPage(async () =>
        {
            await using var other = factory.Services.CreateAsyncScope();
            var courses = other.ServiceProvider.GetRequiredService<CoursesDbContext>();
            courses.LessonProgress.Add(new LessonProgress { PersonId = finishing.Id, LessonId = lesson.Id, CourseId = lesson.CourseId, UpdatedAt = now, CompletedAt = now });
            await courses.SaveChangesAsync();
        });
        var options = new DbContextOptionsBuilder<SqliteCoursesDbContext>();
        scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Apply(options, "__courses_migrations");
        await using var sweeping = new SqliteCoursesDbContext(options.AddInterceptors(completion).Options);
        var sweeper = new RetentionSweeper(sweeping, scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>(), Options.Create(defaults), time);

        await sweeper.SweepAsync(CancellationToken.None);

        Assert.True(completion.Pages > 2, $"{completion.Pages} pages");
        var left = await db.PlaybackRecords.AsNoTracking().Where(p => p.PersonId == swept.Id || p.PersonId == finishing.Id).Select(p => p.Id).ToListAsync();
        var expected = rows.Where(r => r.LastReportAt > now - evidenceAge).Select(r => r.Id).Concat(first.Select(r => r.Id));
        Assert.Equal(expected.Order(), left.Order());
    }

    /// <summary>A random id that sorts after the zero-led ones above (its first hex digit is not 0).</summary>
    private static Guid RandomId(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[3] |= 0x10;
        return new Guid(bytes);
    }

    /// <summary>Counts the sweep's reads of playback evidence, and completes a lesson just before the second one.</summary>
    private sealed class CompleteOnSecondPage(Func<Task> complete) : DbCommandInterceptor
    {
        public int Pages { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"PlaybackRecords\"", StringComparison.Ordinal) && ++Pages == 2)
            {
                await complete();
            }

            return result;
        }
    }
}
