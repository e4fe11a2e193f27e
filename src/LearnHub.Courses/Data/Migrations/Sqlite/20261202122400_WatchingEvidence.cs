using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WatchingEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Code",
                table: "LiveAttentionCheck",
                type: "TEXT",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "WrongAnswers",
                table: "LiveAttentionCheck",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "UncheckedSeconds",
                table: "LessonProgress",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.CreateTable(
                name: "PlaybackRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    LessonId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastReportAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Device = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreditedSeconds = table.Column<double>(type: "REAL", nullable: false),
                    Intervals = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DeliveredSeconds = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlaybackRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlaybackRecords_Lessons_LessonId",
                        column: x => x.LessonId,
                        principalTable: "Lessons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlaybackRecords_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WatchCheckRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlaybackId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    LessonId = table.Column<int>(type: "INTEGER", nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    WrongAnswers = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchCheckRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WatchCheckRecords_Lessons_LessonId",
                        column: x => x.LessonId,
                        principalTable: "Lessons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WatchCheckRecords_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WatchingReversals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    LessonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Coverage = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ReversedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ReversedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchingReversals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WatchingReversals_Lessons_LessonId",
                        column: x => x.LessonId,
                        principalTable: "Lessons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WatchingReversals_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlaybackRecords_LessonId",
                table: "PlaybackRecords",
                column: "LessonId");

            migrationBuilder.CreateIndex(
                name: "IX_PlaybackRecords_PersonId_LessonId",
                table: "PlaybackRecords",
                columns: new[] { "PersonId", "LessonId" });

            migrationBuilder.CreateIndex(
                name: "IX_WatchCheckRecords_LessonId",
                table: "WatchCheckRecords",
                column: "LessonId");

            migrationBuilder.CreateIndex(
                name: "IX_WatchCheckRecords_PersonId_LessonId",
                table: "WatchCheckRecords",
                columns: new[] { "PersonId", "LessonId" });

            migrationBuilder.CreateIndex(
                name: "IX_WatchingReversals_LessonId",
                table: "WatchingReversals",
                column: "LessonId");

            migrationBuilder.CreateIndex(
                name: "IX_WatchingReversals_PersonId_LessonId",
                table: "WatchingReversals",
                columns: new[] { "PersonId", "LessonId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlaybackRecords");

            migrationBuilder.DropTable(
                name: "WatchCheckRecords");

            migrationBuilder.DropTable(
                name: "WatchingReversals");

            migrationBuilder.DropColumn(
                name: "Code",
                table: "LiveAttentionCheck");

            migrationBuilder.DropColumn(
                name: "WrongAnswers",
                table: "LiveAttentionCheck");

            migrationBuilder.DropColumn(
                name: "UncheckedSeconds",
                table: "LessonProgress");
        }
    }
}
