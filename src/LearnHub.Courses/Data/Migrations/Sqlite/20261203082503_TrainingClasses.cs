using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrainingClasses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TrainingClasses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Theme = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganizationQuota = table.Column<int>(type: "INTEGER", nullable: true),
                    Tiers = table.Column<int>(type: "INTEGER", nullable: false),
                    HeadTeacherUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OrganizingUnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    SeriesId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingClasses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingClasses_LectureHallSeries_SeriesId",
                        column: x => x.SeriesId,
                        principalTable: "LectureHallSeries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TrainingClasses_SupervisingUnits_OrganizingUnitId",
                        column: x => x.OrganizingUnitId,
                        principalTable: "SupervisingUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ClassEnrolments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClassId = table.Column<int>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Route = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClassEnrolments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClassEnrolments_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ClassEnrolments_TrainingClasses_ClassId",
                        column: x => x.ClassId,
                        principalTable: "TrainingClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ClassItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClassId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    CourseId = table.Column<int>(type: "INTEGER", nullable: true),
                    QuizId = table.Column<int>(type: "INTEGER", nullable: true),
                    OpensOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClosesOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClassItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClassItems_Courses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "Courses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ClassItems_TrainingClasses_ClassId",
                        column: x => x.ClassId,
                        principalTable: "TrainingClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ClassTargetOrganization",
                columns: table => new
                {
                    ClassId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClassTargetOrganization", x => new { x.ClassId, x.OrganizationId });
                    table.ForeignKey(
                        name: "FK_ClassTargetOrganization_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ClassTargetOrganization_TrainingClasses_ClassId",
                        column: x => x.ClassId,
                        principalTable: "TrainingClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClassEnrolments_ClassId_PersonId",
                table: "ClassEnrolments",
                columns: new[] { "ClassId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ClassEnrolments_ClassId_Status",
                table: "ClassEnrolments",
                columns: new[] { "ClassId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ClassEnrolments_PersonId",
                table: "ClassEnrolments",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_ClassItems_ClassId",
                table: "ClassItems",
                column: "ClassId");

            migrationBuilder.CreateIndex(
                name: "IX_ClassItems_CourseId",
                table: "ClassItems",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_ClassItems_QuizId",
                table: "ClassItems",
                column: "QuizId");

            migrationBuilder.CreateIndex(
                name: "IX_ClassTargetOrganization_OrganizationId",
                table: "ClassTargetOrganization",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingClasses_OrganizingUnitId",
                table: "TrainingClasses",
                column: "OrganizingUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingClasses_SeriesId",
                table: "TrainingClasses",
                column: "SeriesId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingClasses_StartsOn",
                table: "TrainingClasses",
                column: "StartsOn");

            // Every series marked as a multi-day class becomes a class that owns it: its sessions, audiences,
            // registrations and attendance stay as they are; its registered people become admitted enrolments.
            migrationBuilder.Sql("""
                INSERT INTO TrainingClasses (Title, Theme, Kind, StartsOn, EndsOn, Place, Capacity, OrganizationQuota, Tiers, HeadTeacherUserId, OrganizingUnitId, SeriesId)
                SELECT s.Title, s.Summary,
                    CASE WHEN EXISTS (SELECT 1 FROM LectureHallSessions x WHERE x.SeriesId = s.Id AND x.HasLiveRoom) THEN 3 ELSE 1 END,
                    COALESCE((SELECT MIN(x.Date) FROM LectureHallSessions x WHERE x.SeriesId = s.Id), printf('%04d-01-01', s.Year)),
                    COALESCE((SELECT MAX(x.Date) FROM LectureHallSessions x WHERE x.SeriesId = s.Id), printf('%04d-12-31', s.Year)),
                    COALESCE((SELECT x.Venue FROM LectureHallSessions x WHERE x.SeriesId = s.Id AND x.Venue <> '' ORDER BY x.Number LIMIT 1), ''),
                    COALESCE((SELECT MAX(x.Capacity) FROM LectureHallSessions x WHERE x.SeriesId = s.Id), 1),
                    NULL,
                    COALESCE((SELECT x.Tiers FROM LectureHallSessions x WHERE x.SeriesId = s.Id ORDER BY x.Number LIMIT 1), 0),
                    NULL, NULL, s.Id
                FROM LectureHallSeries s WHERE s.IsClass;
                INSERT INTO ClassEnrolments (ClassId, PersonId, Route, Status, RequestedBy, RequestedAt, ApprovedAt, DecidedAt, DecidedBy, Reason)
                SELECT c.Id, r.PersonId, 2, 2, '', MIN(r.RequestedAt), MIN(r.RequestedAt), NULL, NULL, ''
                FROM TrainingClasses c
                JOIN LectureHallSessions x ON x.SeriesId = c.SeriesId
                JOIN SessionRegistrations r ON r.SessionId = x.Id AND r.Status = 1
                GROUP BY c.Id, r.PersonId;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClassEnrolments");

            migrationBuilder.DropTable(
                name: "ClassItems");

            migrationBuilder.DropTable(
                name: "ClassTargetOrganization");

            migrationBuilder.DropTable(
                name: "TrainingClasses");
        }
    }
}
