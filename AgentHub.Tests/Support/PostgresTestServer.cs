using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;

namespace AgentHub.Tests.Support;

/// <summary>
/// The PostgreSQL server the store tests run against: <c>AGENTHUB_TEST_POSTGRES</c>, a connection
/// string to a server where the user may create databases (test.sh and .ci/run start a throwaway
/// cluster and set it). Without it the PostgreSQL tests fail, saying so: they are never skipped.
/// </summary>
public static class PostgresTestServer
{
    public const string Variable = "AGENTHUB_TEST_POSTGRES";

    /// <summary>The password of <see cref="CertificatePath"/>.</summary>
    public const string CertificatePassword = "test-certificate-password";

    private static readonly Lazy<string> Certificate = new(CreateCertificate);

    /// <summary>A PFX (RSA, self-signed, with its private key) that encrypts the test key rings.</summary>
    public static string CertificatePath => Certificate.Value;

    /// <summary>The server's connection string, to its maintenance database.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL cluster (.ci/postgres.sh), " +
                "or point it at a server where the user may create databases.");

    /// <summary>Creates an empty database with a random name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = $"agenthub_test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 40 }.ConnectionString;
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing whatever still holds it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Writes a new key-ring certificate (a PFX with <see cref="CertificatePassword"/>) and returns its path.</summary>
    public static string CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Agent Hub test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(TestStore.NewFolder(), "key-ring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }
}
