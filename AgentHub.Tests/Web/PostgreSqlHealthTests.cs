namespace AgentHub.Tests.Web;

public sealed class PostgreSqlHealthTests
{
    [Fact]
    public async Task HealthzShouldCheckThePostgreSqlDatabaseAndItsKeyRing()
    {
        var database = await PostgresTestServer.CreateDatabaseAsync();
        await using var app = new AgentHubAppFactory(new Dictionary<string, string?>
        {
            ["AgentHub:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:AgentHub"] = database,
            ["AgentHub:DataProtection:CertificatePath"] = PostgresTestServer.CertificatePath,
            ["AgentHub:DataProtection:CertificatePassword"] = PostgresTestServer.CertificatePassword,
        });
        var client = app.CreateClient();

        var whileUp = await client.GetAsync("/healthz");
        await PostgresTestServer.DropDatabaseAsync(database);
        var afterDrop = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, whileUp.StatusCode);
        Assert.Equal("Healthy", await whileUp.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, afterDrop.StatusCode);
        Assert.False(File.Exists(app.DatabasePath), "With PostgreSQL no SQLite file may be created.");
    }
}
