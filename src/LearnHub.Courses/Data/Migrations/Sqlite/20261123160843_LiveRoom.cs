using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 100000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "LiveAttendance",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Share = table.Column<double>(type: "REAL", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstJoined = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LastLeft = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CreditedHours = table.Column<double>(type: "REAL", nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    ConnectionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    JoinedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LeftAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
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
