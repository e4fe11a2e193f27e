using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearnHub.Media.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MediaJobLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LeaseExpiresAt",
                table: "media_assets",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "media_assets",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "media_assets");
        }
    }
}
