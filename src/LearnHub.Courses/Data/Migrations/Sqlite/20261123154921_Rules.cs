using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Rules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RuleSets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Preset = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    HoursPerDay = table.Column<double>(type: "REAL", nullable: false),
                    OnlineCredit_LongMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    OnlineCredit_LongHours = table.Column<double>(type: "REAL", nullable: false),
                    OnlineCredit_ShortMaxMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    OnlineCredit_MediumHours = table.Column<double>(type: "REAL", nullable: false),
                    OnlineCredit_ShortHours = table.Column<double>(type: "REAL", nullable: false),
                    OnlineCredit_PassedTestHours = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RuleSets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RuleSetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Tiers = table.Column<int>(type: "INTEGER", nullable: false),
                    MinCentralizedTrainings = table.Column<int>(type: "INTEGER", nullable: false),
                    MinDays = table.Column<double>(type: "REAL", nullable: false),
                    MinCentralizedHours = table.Column<double>(type: "REAL", nullable: false),
                    MinTotalHours = table.Column<double>(type: "REAL", nullable: false),
                    WindowMonths = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComplianceRules_RuleSets_RuleSetId",
                        column: x => x.RuleSetId,
                        principalTable: "RuleSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceRules_RuleSetId_Code",
                table: "ComplianceRules",
                columns: new[] { "RuleSetId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RuleSets_Year_Preset",
                table: "RuleSets",
                columns: new[] { "Year", "Preset" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComplianceRules");

            migrationBuilder.DropTable(
                name: "RuleSets");
        }
    }
}
