using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentHub.Core.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CredentialInconclusiveChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "RateLimitedChecks",
                table: "Credentials",
                newName: "InconclusiveChecks");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "InconclusiveChecks",
                table: "Credentials",
                newName: "RateLimitedChecks");
        }
    }
}
