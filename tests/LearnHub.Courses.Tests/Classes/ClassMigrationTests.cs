using LearnHub.Courses.LectureHall.Classes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LearnHub.Courses.Tests.Classes;

/// <summary>The multi-day classes made before classes existed become classes, their sessions, registrations and attendance untouched.</summary>
public sealed class ClassMigrationTests
{
    [Fact]
    public async Task Each_multi_day_class_series_becomes_a_class_keeping_its_sessions_and_registered_people()
    {
        var scratch = new ScratchDatabase();
        try
        {
            await using (var db = scratch.NewContext())
            {
                var migrations = db.Database.GetMigrations().ToList();
                var adding = migrations.FindIndex(m => m.EndsWith("_TrainingClasses", StringComparison.Ordinal));
                Assert.True(adding > 0, "The migration adding training classes is missing.");
                var migrator = db.GetService<IMigrator>();
                await migrator.MigrateAsync(migrations[adding - 1]);

                // A class of two days (one session with a live room) with a registered person and one who cancelled,
                // and an ordinary series that stays one.
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO SupervisingUnits (Id, Code, Name) VALUES (1, 'civil', '省民政厅');
                    INSERT INTO Organizations (Id, Name, CreditCode, Kind, Field, Grade, PartyForm, SupervisingUnitId)
                        VALUES (1, '甲协会', '51510000MJ00000017', 1, 1, 0, 0, 1);
                    INSERT INTO People (Id, Name, Gender, Mobile, OrganizationId, Tiers) VALUES (1, '甲', 0, '13711110000', 1, 2), (2, '乙', 0, '13711110001', 1, 2);
                    INSERT INTO LectureHallSeries (Id, Title, Summary, Year, IsClass) VALUES (1, '书记培训班', '党建实务', 2026, 1), (2, '大讲堂', '', 2026, 0);
                    INSERT INTO LectureHallSessions (Id, SeriesId, Number, Date, StartTime, EndTime, Topic, Description, Venue, HasLiveRoom, Capacity, Tiers, Fields, RosterVersion)
                        VALUES (1, 1, 1, '2026-11-26', '09:00:00', '12:00:00', '一', '', '', 0, 60, 2, 0, 0),
                               (2, 1, 2, '2026-11-27', '09:00:00', '12:00:00', '二', '', '党校报告厅', 1, 80, 2, 0, 0),
                               (3, 2, 1, '2026-11-20', '14:30:00', '17:00:00', '讲堂', '', '', 0, 180, 0, 0, 0);
                    INSERT INTO SessionRegistrations (Id, SessionId, PersonId, Status, RequestedAt)
                        VALUES (1, 1, 1, 1, '2026-11-01 08:00:00+00:00'), (2, 2, 1, 1, '2026-11-02 08:00:00+00:00'), (3, 1, 2, 3, '2026-11-01 09:00:00+00:00');
                    """);

                await migrator.MigrateAsync();
            }

            await using (var db = scratch.NewContext())
            {
                var trainingClass = await db.TrainingClasses.AsNoTracking().Include(c => c.Enrolments).SingleAsync();
                Assert.Equal(("书记培训班", "党建实务", ClassKind.Blended, 1), (trainingClass.Title, trainingClass.Theme, trainingClass.Kind, trainingClass.SeriesId));
                Assert.Equal((new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27), "党校报告厅", 80),
                    (trainingClass.StartsOn, trainingClass.EndsOn, trainingClass.Place, trainingClass.Capacity));
                Assert.Equal(LearnHub.Courses.Registry.People.Tier.Secretaries, trainingClass.Tiers);
                var enrolment = Assert.Single(trainingClass.Enrolments);
                Assert.Equal((1, EnrolmentStatus.Admitted, new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero)),
                    (enrolment.PersonId, enrolment.Status, enrolment.RequestedAt));
                Assert.Equal(3, await db.LectureHallSessions.CountAsync());
                Assert.Equal(3, await db.SessionRegistrations.CountAsync());
            }
        }
        finally
        {
            await scratch.DeleteAsync();
        }
    }
}
