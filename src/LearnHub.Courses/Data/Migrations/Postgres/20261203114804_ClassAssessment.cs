using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LearnHub.Courses.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClassAssessment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ReflectionDueOn",
                table: "TrainingClasses",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReflectionMinLength",
                table: "TrainingClasses",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ReflectionPassMark",
                table: "TrainingClasses",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ReflectionRequired",
                table: "TrainingClasses",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ClassReflections",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClassId = table.Column<int>(type: "integer", nullable: false),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Characters = table.Column<int>(type: "integer", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AttachmentName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AttachmentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AttachmentSize = table.Column<long>(type: "bigint", nullable: false),
                    AttachmentStoredName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: true),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    GradedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    GradedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClassReflections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClassReflections_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ClassReflections_TrainingClasses_ClassId",
                        column: x => x.ClassId,
                        principalTable: "TrainingClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClassReflections_ClassId_PersonId_Attempt",
                table: "ClassReflections",
                columns: new[] { "ClassId", "PersonId", "Attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ClassReflections_PersonId",
                table: "ClassReflections",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClassReflections");

            migrationBuilder.DropColumn(
                name: "ReflectionDueOn",
                table: "TrainingClasses");

            migrationBuilder.DropColumn(
                name: "ReflectionMinLength",
                table: "TrainingClasses");

            migrationBuilder.DropColumn(
                name: "ReflectionPassMark",
                table: "TrainingClasses");

            migrationBuilder.DropColumn(
                name: "ReflectionRequired",
                table: "TrainingClasses");
        }
    }
}
