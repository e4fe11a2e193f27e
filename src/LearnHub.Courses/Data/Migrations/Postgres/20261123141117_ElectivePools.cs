using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ElectivePools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ElectivePoolId",
                table: "CurriculumCourse",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ElectivePool",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CurriculumId = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HourTarget = table.Column<double>(type: "double precision", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ElectivePool", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ElectivePool_Curricula_CurriculumId",
                        column: x => x.CurriculumId,
                        principalTable: "Curricula",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CurriculumCourse_ElectivePoolId",
                table: "CurriculumCourse",
                column: "ElectivePoolId");

            migrationBuilder.CreateIndex(
                name: "IX_ElectivePool_CurriculumId",
                table: "ElectivePool",
                column: "CurriculumId");

            migrationBuilder.AddForeignKey(
                name: "FK_CurriculumCourse_ElectivePool_ElectivePoolId",
                table: "CurriculumCourse",
                column: "ElectivePoolId",
                principalTable: "ElectivePool",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_CurriculumCourse_ElectivePool_ElectivePoolId",
                table: "CurriculumCourse");

            migrationBuilder.DropTable(
                name: "ElectivePool");

            migrationBuilder.DropIndex(
                name: "IX_CurriculumCourse_ElectivePoolId",
                table: "CurriculumCourse");

            migrationBuilder.DropColumn(
                name: "ElectivePoolId",
                table: "CurriculumCourse");
        }
    }
}
