using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProgrammeYears : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProgrammeYears",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    RulesCarriedFrom = table.Column<int>(type: "INTEGER", nullable: true),
                    CurriculaCarried = table.Column<int>(type: "INTEGER", nullable: false),
                    AdministratorsNotifiedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeYears", x => x.Year);
                });

            // Plan reminders name their plan's year as a third argument now. Those sent before get it from their due
            // date (the last argument, yyyy-MM-dd), which always lies in the plan's year, so they still read whole.
            migrationBuilder.Sql("""
                UPDATE "Notifications" SET "Arguments" = "Arguments" || char(31) || substr("Arguments", -10, 4)
                WHERE "MessageKey" IN ('Notice.PlanDueSoon', 'Notice.PlanOverdue')
                  AND "Arguments" NOT LIKE ('%' || char(31) || '%' || char(31) || '%')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE "Notifications" SET "Arguments" = substr("Arguments", 1, length("Arguments") - 5)
                WHERE "MessageKey" IN ('Notice.PlanDueSoon', 'Notice.PlanOverdue')
                  AND "Arguments" LIKE ('%' || char(31) || '%' || char(31) || '%')
                """);

            migrationBuilder.DropTable(
                name: "ProgrammeYears");
        }
    }
}
