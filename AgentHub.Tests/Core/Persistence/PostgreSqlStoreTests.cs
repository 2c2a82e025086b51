using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AgentHub.Core.Persistence.PostgreSql;
using AgentHub.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace AgentHub.Tests.Core.Persistence;

/// <summary>What only the PostgreSQL store has: its migrations, and the key ring shared in the database.</summary>
public sealed class PostgreSqlStoreTests
{
    [Fact]
    public async Task StartShouldApplyThePostgreSqlMigrations()
    {
        await using var store = await TestStore.CreateAsync(store: StoreKind.PostgreSql);
        await using var db = await store.OpenDbAsync();

        Assert.IsType<PostgreSqlAgentHubDbContext>(db);
        Assert.True(db.Database.IsNpgsql());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), id => id.EndsWith("_InitialPostgreSql", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheKeyRingShouldLiveInTheDatabaseEncryptedWithTheCertificate()
    {
        await using var store = await TestStore.CreateAsync(store: StoreKind.PostgreSql);
        await store.CreateVerifiedAsync("Prod");

        await using var db = (PostgreSqlAgentHubDbContext)await store.OpenDbAsync();
        var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml!);
            Assert.DoesNotContain("<masterKey", xml!);
        });
        Assert.False(Directory.Exists(store.KeysPath), "No key file may be written beside the app with PostgreSQL.");
    }

    [Fact]
    public async Task ASecondInstanceOnTheSameDatabaseShouldDecryptTheFirstsSecrets()
    {
        await using var first = await TestStore.CreateAsync(store: StoreKind.PostgreSql);
        var credential = await first.CreateVerifiedAsync("Shared", apiKey: "sk-shared-00000000000042");
        await using var second = await TestStore.CreateAsync(store: StoreKind.PostgreSql, postgresDatabase: first.PostgresDatabase);

        await using var db = await second.OpenDbAsync();
        var payload = await db.Credentials.Where(c => c.Id == credential.Id).Select(c => c.ProtectedSecrets).SingleAsync();

        Assert.True(second.Services.GetRequiredService<SecretProtector>().TryUnprotect(payload, out var secrets));
        Assert.Equal("sk-shared-00000000000042", Assert.Single(secrets.Values));
    }

    [Fact]
    public void StartingOnPostgreSqlWithoutACertificateShouldBeRefusedNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(certificatePath: null, password: null));

        Assert.Contains("AgentHub:DataProtection:CertificatePath", error.Message);
    }

    [Fact]
    public void AWrongCertificatePasswordShouldBeRefusedWithoutShowingIt()
    {
        const string wrong = "not-the-password-1234";

        var error = Assert.Throws<InvalidOperationException>(() => Register(PostgresTestServer.CertificatePath, wrong));

        Assert.Contains("AgentHub:DataProtection:CertificatePassword", error.Message);
        Assert.DoesNotContain(wrong, error.ToString());
    }

    [Fact]
    public async Task APemFileHoldingTheCertificateAndItsKeyShouldProtectTheKeyRing()
    {
        var folder = TestStore.NewFolder();
        var pem = Path.Combine(folder, "key-ring.pem");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Agent Hub PEM key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem());
        }

        await using var store = await TestStore.CreateAsync(
            new Dictionary<string, string?> { ["AgentHub:DataProtection:CertificatePath"] = pem, ["AgentHub:DataProtection:CertificatePassword"] = "" },
            store: StoreKind.PostgreSql);
        var credential = await store.CreateVerifiedAsync("Pem");

        Assert.Equal("Pem", credential.Name);
        Assert.Single(await store.CredentialReader.ListAsync(store.Admin), c => c.Status != global::AgentHub.Core.Credentials.CredentialStatus.NeedsReentry);
        Directory.Delete(folder, recursive: true);
    }

    private static void Register(string? certificatePath, string? password)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentHub:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:AgentHub"] = "Host=/nonexistent;Database=agenthub",
            ["AgentHub:DataProtection:CertificatePath"] = certificatePath,
            ["AgentHub:DataProtection:CertificatePassword"] = password,
        }).Build();
        new ServiceCollection().AddLogging().AddAgentHubCore(configuration);
    }
}
