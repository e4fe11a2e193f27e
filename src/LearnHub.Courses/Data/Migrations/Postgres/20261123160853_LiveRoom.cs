using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LiveRoom : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LiveSlides",
                table: "LectureHallSessions",
                type: "character varying(100000)",
                maxLength: 100000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "LiveAttendance",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SessionId = table.Column<int>(type: "integer", nullable: false),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false),
                    Share = table.Column<double>(type: "double precision", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    FirstJoined = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastLeft = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreditedHours = table.Column<double>(type: "double precision", nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LiveAttendance", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LiveAttendance_LectureHallSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "LectureHallSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LiveAttendance_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LivePresence",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SessionId = table.Column<int>(type: "integer", nullable: false),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    ConnectionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    JoinedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeftAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LivePresence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LivePresence_LectureHallSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "LectureHallSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LivePresence_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LiveAttendance_PersonId",
                table: "LiveAttendance",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_LiveAttendance_SessionId_PersonId",
                table: "LiveAttendance",
                columns: new[] { "SessionId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LivePresence_ConnectionId",
                table: "LivePresence",
                column: "ConnectionId");

            migrationBuilder.CreateIndex(
                name: "IX_LivePresence_PersonId",
                table: "LivePresence",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_LivePresence_SessionId_PersonId",
                table: "LivePresence",
                columns: new[] { "SessionId", "PersonId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LiveAttendance");

            migrationBuilder.DropTable(
                name: "LivePresence");

            migrationBuilder.DropColumn(
                name: "LiveSlides",
                table: "LectureHallSessions");
        }
    }
}
