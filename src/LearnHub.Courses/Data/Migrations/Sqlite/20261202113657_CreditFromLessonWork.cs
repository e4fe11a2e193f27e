using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CreditFromLessonWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReadingMinutes",
                table: "Lessons",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "VideoSeconds",
                table: "Lessons",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReadReportedAt",
                table: "LessonProgress",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ReadSeconds",
                table: "LessonProgress",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            // Lessons already there: a lesson without a video is read for the minutes its author gave it, and a
            // video's length is what its watchers' players measured (the media module's record is not ours to read).
            migrationBuilder.Sql("""UPDATE "Lessons" SET "ReadingMinutes" = "Minutes" WHERE "MediaAssetId" IS NULL""");
            migrationBuilder.Sql("""
                UPDATE "Lessons" SET "VideoSeconds" = COALESCE((SELECT MAX(p."DurationSeconds") FROM "LessonProgress" p WHERE p."LessonId" = "Lessons"."Id"), 0)
                WHERE "MediaAssetId" IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReadingMinutes",
                table: "Lessons");

            migrationBuilder.DropColumn(
                name: "VideoSeconds",
                table: "Lessons");

            migrationBuilder.DropColumn(
                name: "ReadReportedAt",
                table: "LessonProgress");

            migrationBuilder.DropColumn(
                name: "ReadSeconds",
                table: "LessonProgress");
        }
    }
}
