using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LiveVideo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
                name: "ReplayLessonId",
                table: "LectureHallSessions");

            migrationBuilder.DropColumn(
                name: "StreamKey",
                table: "LectureHallSessions");
        }
    }
}
