using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Postgres
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
                    Year = table.Column<int>(type: "integer", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RulesCarriedFrom = table.Column<int>(type: "integer", nullable: true),
                    CurriculaCarried = table.Column<int>(type: "integer", nullable: false),
                    AdministratorsNotifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeYears", x => x.Year);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProgrammeYears");
        }
    }
}
