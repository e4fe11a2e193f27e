using LearnHub.Courses.LectureHall.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LearnHub.Courses.Tests.Live;

public sealed class LiveBroadcastTests
{
    [Fact]
    public void A_first_key_is_issued_once_and_rotated_after()
    {
        var broadcast = new LiveBroadcast(7);
        broadcast.IssueKey("first");
        Assert.Throws<InvalidOperationException>(() => broadcast.IssueKey("second"));
        Assert.Equal("first", broadcast.StreamKey);

        broadcast.RotateKey("second");
        Assert.Equal("second", broadcast.StreamKey);
        Assert.Throws<ArgumentException>(() => broadcast.RotateKey(" "));
    }

    [Fact]
    public void A_session_keeps_the_one_replay_its_recording_became()
    {
        var broadcast = new LiveBroadcast(7);
        broadcast.AttachReplay(12);
        broadcast.AttachReplay(12);
        Assert.Throws<InvalidOperationException>(() => broadcast.AttachReplay(13));
        Assert.Equal(12, broadcast.ReplayLessonId);
    }

    [Fact]
    public void No_slides_are_an_empty_deck()
    {
        var broadcast = new LiveBroadcast(7);
        broadcast.SetSlides(null);
        Assert.Equal("", broadcast.Slides);
    }

    /// <summary>
    /// A database made before the live fields left the session keeps every session's slides, stream key and
    /// replay lesson: the migration copies them into the session's broadcast before it drops the old columns.
    /// </summary>
    [Fact]
    public async Task Migrating_an_existing_database_moves_each_session_s_live_fields_into_its_broadcast()
    {
        var scratch = new ScratchDatabase();
        try
        {
            await using (var db = scratch.NewContext())
            {
                var migrations = db.Database.GetMigrations().ToList();
                var moving = migrations.FindIndex(m => m.EndsWith("_MoveLiveFieldsToLiveBroadcast", StringComparison.Ordinal));
                Assert.True(moving > 0, "The migration moving the live fields is missing.");
                var migrator = db.GetService<IMigrator>();
                await migrator.MigrateAsync(migrations[moving - 1]);

                // Four sessions as the previous schema held them: everything live, a key only, nothing live, slides only.
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO LectureHallSeries (Id, Title, Summary, Year, IsClass) VALUES (1, '大讲堂', '', 2026, 0);
                    INSERT INTO Courses (Id, Slug, Title, Summary, NotesMarkdown, Topic, Fields, Tiers, Format, CreditHours, Published, RestrictSeekingOnFirstViewing)
                        VALUES (1, 'live-replay-1', '回放', '', '', 0, 0, 0, 0, 2.5, 1, 0);
                    INSERT INTO Lessons (Id, CourseId, "Order", Title, Minutes, NotesMarkdown) VALUES (5, 1, 1, '回放', 150, '');
                    INSERT INTO LectureHallSessions (Id, SeriesId, Number, Date, StartTime, EndTime, Topic, Description, Venue, HasLiveRoom, Capacity,
                            Tiers, Fields, RosterVersion, LiveSlides, StreamKey, ReplayLessonId)
                        VALUES (1, 1, 1, '2026-11-26', '14:30:00', '17:00:00', '一', '', '', 1, 100, 0, 0, 0, '# 一' || char(10) || '---' || char(10) || '# 二', 'key-one', 5),
                               (2, 1, 2, '2026-12-26', '14:30:00', '17:00:00', '二', '', '', 1, 100, 0, 0, 0, '', 'key-two', NULL),
                               (3, 1, 3, '2027-01-26', '14:30:00', '17:00:00', '三', '', '', 0, 100, 0, 0, 0, '', NULL, NULL),
                               (4, 1, 4, '2027-02-26', '14:30:00', '17:00:00', '四', '', '', 1, 100, 0, 0, 0, '# 四', NULL, NULL);
                    """);

                await migrator.MigrateAsync();
            }

            await using (var db = scratch.NewContext())
            {
                Assert.Equal(4, await db.LectureHallSessions.CountAsync());
                var broadcasts = await db.LiveBroadcasts.AsNoTracking().OrderBy(b => b.SessionId).ToListAsync();
                Assert.Equal([1, 2, 4], broadcasts.Select(b => b.SessionId));
                Assert.Equal(("# 一\n---\n# 二", "key-one", (int?)5), (broadcasts[0].Slides, broadcasts[0].StreamKey, broadcasts[0].ReplayLessonId));
                Assert.Equal(("", "key-two", (int?)null), (broadcasts[1].Slides, broadcasts[1].StreamKey, broadcasts[1].ReplayLessonId));
                Assert.Equal(("# 四", (string?)null, (int?)null), (broadcasts[2].Slides, broadcasts[2].StreamKey, broadcasts[2].ReplayLessonId));
                Assert.Equal(2, LiveSlides.Split(broadcasts[0].Slides).Count);

                // Going back to the previous schema puts the fields on their sessions again.
                var migrations = db.Database.GetMigrations().ToList();
                await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_MoveLiveFieldsToLiveBroadcast", StringComparison.Ordinal)) - 1]);
            }

            await using (var db = scratch.NewContext())
            {
                var sessions = await db.Database.SqlQueryRaw<OldSessionLiveFields>(
                    "SELECT LiveSlides, StreamKey, ReplayLessonId FROM LectureHallSessions ORDER BY Id").ToListAsync();
                Assert.Equal(
                    new OldSessionLiveFields[] { new("# 一\n---\n# 二", "key-one", 5), new("", "key-two", null), new("", null, null), new("# 四", null, null) },
                    sessions);
            }
        }
        finally
        {
            await scratch.DeleteAsync();
        }
    }
}

/// <summary>A session's live fields as the schema before <see cref="LiveBroadcast"/> held them.</summary>
internal sealed record OldSessionLiveFields(string LiveSlides, string? StreamKey, int? ReplayLessonId);
