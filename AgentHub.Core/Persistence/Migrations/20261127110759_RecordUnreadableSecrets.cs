using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentHub.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RecordUnreadableSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "SecretsUnreadable",
                table: "Credentials",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SecretsUnreadable",
                table: "Credentials");
        }
    }
}
