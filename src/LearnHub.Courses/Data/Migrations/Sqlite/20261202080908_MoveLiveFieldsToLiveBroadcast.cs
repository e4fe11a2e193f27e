using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MoveLiveFieldsToLiveBroadcast : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LiveBroadcasts",
                columns: table => new
                {
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Slides = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    StreamKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReplayLessonId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LiveBroadcasts", x => x.SessionId);
                    table.ForeignKey(
                        name: "FK_LiveBroadcasts_LectureHallSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "LectureHallSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LiveBroadcasts_Lessons_ReplayLessonId",
                        column: x => x.ReplayLessonId,
                        principalTable: "Lessons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LiveBroadcasts_ReplayLessonId",
                table: "LiveBroadcasts",
                column: "ReplayLessonId");

            migrationBuilder.CreateIndex(
                name: "IX_LiveBroadcasts_StreamKey",
                table: "LiveBroadcasts",
                column: "StreamKey",
                unique: true);

            // Every session that had anything live gets its broadcast, copied before the columns go, so an existing database loses nothing.
            migrationBuilder.Sql("""
                INSERT INTO "LiveBroadcasts" ("SessionId", "Slides", "StreamKey", "ReplayLessonId")
                SELECT "Id", "LiveSlides", "StreamKey", "ReplayLessonId" FROM "LectureHallSessions"
                WHERE "LiveSlides" <> '' OR "StreamKey" IS NOT NULL OR "ReplayLessonId" IS NOT NULL;
                """);

            migrationBuilder.DropForeignKey(
                name: "FK_LectureHallSessions_Lessons_ReplayLessonId",
                table: "LectureHallSessions");

            migrationBuilder.DropIndex(
                name: "IX_LectureHallSessions_ReplayLessonId",
                table: "LectureHallSessions");

            migrationBuilder.DropIndex(
                name: "IX_LectureHallSessions_StreamKey",
                table: "LectureHallSessions");

            migrationBuilder.DropColumn(
                name: "LiveSlides",
                table: "LectureHallSessions");

            migrationBuilder.DropColumn(
                name: "ReplayLessonId",
                table: "LectureHallSessions");

            migrationBuilder.DropColumn(
                name: "StreamKey",
                table: "LectureHallSessions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LiveSlides",
                table: "LectureHallSessions",
                type: "TEXT",
                maxLength: 100000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "ReplayLessonId",
                table: "LectureHallSessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StreamKey",
                table: "LectureHallSessions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            // Going back puts each broadcast's fields on its session again before the table goes.
            migrationBuilder.Sql("""
                UPDATE "LectureHallSessions" SET
                    "LiveSlides" = (SELECT b."Slides" FROM "LiveBroadcasts" AS b WHERE b."SessionId" = "LectureHallSessions"."Id"),
                    "StreamKey" = (SELECT b."StreamKey" FROM "LiveBroadcasts" AS b WHERE b."SessionId" = "LectureHallSessions"."Id"),
                    "ReplayLessonId" = (SELECT b."ReplayLessonId" FROM "LiveBroadcasts" AS b WHERE b."SessionId" = "LectureHallSessions"."Id")
                WHERE EXISTS (SELECT 1 FROM "LiveBroadcasts" AS b WHERE b."SessionId" = "LectureHallSessions"."Id");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_LectureHallSessions_ReplayLessonId",
                table: "LectureHallSessions",
                column: "ReplayLessonId");

            migrationBuilder.CreateIndex(
                name: "IX_LectureHallSessions_StreamKey",
                table: "LectureHallSessions",
                column: "StreamKey",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_LectureHallSessions_Lessons_ReplayLessonId",
                table: "LectureHallSessions",
                column: "ReplayLessonId",
                principalTable: "Lessons",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.DropTable(
                name: "LiveBroadcasts");
        }
    }
}
