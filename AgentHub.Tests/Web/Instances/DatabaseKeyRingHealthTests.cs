using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentHub.Tests.Web.Instances;

/// <summary>/healthz tells an instance whose certificate cannot decrypt the key ring in the database.</summary>
public sealed class DatabaseKeyRingHealthTests
{
    [Fact]
    public async Task AnInstanceWithAnotherCertificateShouldReportTheKeysItCannotDecrypt()
    {
        await using var instances = await TwoInstances.StartAsync();
        var before = await instances.A.CreateClient().GetAsync("/healthz");
        await using var other = TwoInstances.Host(instances.Database, new Dictionary<string, string?>
        {
            ["AgentHub:DataProtection:CertificatePath"] = PostgresTestServer.CreateCertificate(),
        });

        var health = await other.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = await other.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "key-ring");
        Assert.Contains("AgentHub:DataProtection:CertificatePath", report.Entries["key-ring"].Description);
    }
}
