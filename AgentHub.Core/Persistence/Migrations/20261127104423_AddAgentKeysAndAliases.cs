using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentHub.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddAgentKeysAndAliases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Alias",
                table: "ModelConnections",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedAlias",
                table: "ModelConnections",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "AgentKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ModelIds = table.Column<string>(type: "TEXT", nullable: false),
                    RequestsPerMinute = table.Column<int>(type: "INTEGER", nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgentKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgentKeys_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Existing models answer to their model ID; a second model with the same ID in a team gets a suffix from its id.
            migrationBuilder.Sql("UPDATE ModelConnections SET Alias = ModelId, NormalizedAlias = upper(ModelId);");
            migrationBuilder.Sql(
                "UPDATE ModelConnections SET Alias = ModelId || '-' || substr(Id, 1, 8), NormalizedAlias = upper(ModelId || '-' || substr(Id, 1, 8)) " +
                "WHERE rowid NOT IN (SELECT min(rowid) FROM ModelConnections GROUP BY TeamId, upper(ModelId));");

            migrationBuilder.CreateIndex(
                name: "IX_ModelConnections_TeamId_NormalizedAlias",
                table: "ModelConnections",
                columns: new[] { "TeamId", "NormalizedAlias" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgentKeys_Hash",
                table: "AgentKeys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgentKeys_TeamId_NormalizedName",
                table: "AgentKeys",
                columns: new[] { "TeamId", "NormalizedName" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgentKeys");

            migrationBuilder.DropIndex(
                name: "IX_ModelConnections_TeamId_NormalizedAlias",
                table: "ModelConnections");

            migrationBuilder.DropColumn(
                name: "Alias",
                table: "ModelConnections");

            migrationBuilder.DropColumn(
                name: "NormalizedAlias",
                table: "ModelConnections");
        }
    }
}
