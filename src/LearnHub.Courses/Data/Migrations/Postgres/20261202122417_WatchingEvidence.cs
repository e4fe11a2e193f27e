using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Postgres
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
                type: "character varying(4)",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "WrongAnswers",
                table: "LiveAttentionCheck",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "UncheckedSeconds",
                table: "LessonProgress",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.CreateTable(
                name: "PlaybackRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    LessonId = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastReportAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Device = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreditedSeconds = table.Column<double>(type: "double precision", nullable: false),
                    Intervals = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DeliveredSeconds = table.Column<double>(type: "double precision", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlaybackId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    LessonId = table.Column<int>(type: "integer", nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WrongAnswers = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    LessonId = table.Column<int>(type: "integer", nullable: false),
                    Coverage = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ReversedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReversedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
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
