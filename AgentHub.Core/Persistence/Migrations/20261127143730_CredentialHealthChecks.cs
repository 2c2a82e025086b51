using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentHub.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CredentialHealthChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CheckLeaseOwner",
                table: "Credentials",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CheckLeaseUntil",
                table: "Credentials",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FailingSince",
                table: "Credentials",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastCheckedAt",
                table: "Credentials",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextCheckAt",
                table: "Credentials",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RateLimitedChecks",
                table: "Credentials",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // A credential verified before this version was last checked when it was last verified.
            migrationBuilder.Sql("UPDATE \"Credentials\" SET \"LastCheckedAt\" = \"LastVerifiedAt\"");

            migrationBuilder.CreateIndex(
                name: "IX_Credentials_NextCheckAt",
                table: "Credentials",
                column: "NextCheckAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Credentials_NextCheckAt",
                table: "Credentials");

            migrationBuilder.DropColumn(
                name: "CheckLeaseOwner",
                table: "Credentials");

            migrationBuilder.DropColumn(
                name: "CheckLeaseUntil",
                table: "Credentials");

            migrationBuilder.DropColumn(
                name: "FailingSince",
                table: "Credentials");

            migrationBuilder.DropColumn(
                name: "LastCheckedAt",
                table: "Credentials");

            migrationBuilder.DropColumn(
                name: "NextCheckAt",
                table: "Credentials");

            migrationBuilder.DropColumn(
                name: "RateLimitedChecks",
                table: "Credentials");
        }
    }
}
