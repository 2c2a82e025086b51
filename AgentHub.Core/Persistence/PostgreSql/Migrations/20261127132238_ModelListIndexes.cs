using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentHub.Core.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ModelListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ModelConnections_TeamId_ConnectedAt",
                table: "ModelConnections",
                columns: new[] { "TeamId", "ConnectedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ModelConnections_TeamId_ConnectedAt",
                table: "ModelConnections");
        }
    }
}
