using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AgentHub.Core.Gateway;
using AgentHub.Core.Persistence.PostgreSql;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Persistence;

/// <summary>
/// Wires the configured store and the key ring that goes with it: SQLite with the key ring in a
/// folder, or PostgreSQL with the key ring in the database, encrypted with the operator's certificate.
/// </summary>
internal static class StoreRegistration
{
    private const string CertificatePathKey = "AgentHub:DataProtection:CertificatePath";
    private const string CertificatePasswordKey = "AgentHub:DataProtection:CertificatePassword";

    /// <summary>Registers <see cref="IDbContextFactory{TContext}"/> of <see cref="AgentHubDbContext"/> and Data Protection.</summary>
    public static void AddAgentHubStore(this IServiceCollection services, IConfiguration configuration, AgentHubOptions options)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("AgentHub");
        services.AddSingleton<KeyRingState>();

        if (options.Database.Provider == DatabaseProvider.PostgreSQL)
        {
            var connectionString = configuration.GetConnectionString("AgentHub");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "AgentHub:Database:Provider is PostgreSQL: set ConnectionStrings:AgentHub to the server's connection string.");
            }

            services.AddDbContextFactory<PostgreSqlAgentHubDbContext>((sp, o) => o.UseNpgsql(connectionString).AddInterceptors(sp.GetRequiredService<GatewayChangeInterceptor>(), sp.GetRequiredService<AgentHub.Core.Alerts.AlertChangeInterceptor>()));
            services.AddSingleton<IDbContextFactory<AgentHubDbContext>, BaseContextFactory<PostgreSqlAgentHubDbContext>>();
            services.AddScoped<AgentHubDbContext>(sp => sp.GetRequiredService<PostgreSqlAgentHubDbContext>());

            // One key ring for every instance, never in clear: each key's XML is encrypted with the certificate.
            dataProtection.PersistKeysToDbContext<PostgreSqlAgentHubDbContext>()
                .ProtectKeysWithCertificate(LoadCertificate(options.DataProtection));
            return;
        }

        var sqlite = configuration.GetConnectionString("AgentHub") ?? AgentHubCoreExtensions.DefaultConnectionString;
        services.AddDbContextFactory<AgentHubDbContext>((sp, o) => o.UseSqlite(sqlite).AddInterceptors(sp.GetRequiredService<GatewayChangeInterceptor>(), sp.GetRequiredService<AgentHub.Core.Alerts.AlertChangeInterceptor>()));

        var keysPath = options.DataProtection.KeysPath;
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new TolerantKeyRepository(
                new DirectoryInfo(Path.GetFullPath(keysPath)), sp.GetRequiredService<KeyRingState>(), sp.GetRequiredService<ILoggerFactory>())));
    }

    /// <summary>
    /// Loads the key ring's certificate (PFX, or PEM with the private key in the same file), or
    /// refuses to start with a message naming the setting. The password never appears in a message.
    /// </summary>
    internal static X509Certificate2 LoadCertificate(AgentHubOptions.DataProtectionOptions options)
    {
        var path = options.CertificatePath;
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException(
                $"AgentHub:Database:Provider is PostgreSQL: set {CertificatePathKey} to a certificate with its private key (PFX, or PEM holding both) " +
                "that encrypts the key ring stored in the database. Agent Hub does not store the ring's keys in clear.");
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{CertificatePathKey}: no file at {Path.GetFullPath(path)}.");
        }

        X509Certificate2 certificate;
        try
        {
            var password = string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword;
            certificate = IsPem(path)
                ? password is null ? X509Certificate2.CreateFromPemFile(path) : X509Certificate2.CreateFromEncryptedPemFile(path, password)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException(
                $"{CertificatePathKey}: {Path.GetFullPath(path)} could not be read as a PFX, or a PEM file holding the certificate and its private key " +
                $"(check {CertificatePasswordKey}).");
        }

        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException(
                $"{CertificatePathKey}: {Path.GetFullPath(path)} holds no RSA private key; the key ring needs one to decrypt its keys.");
        }

        return certificate;
    }

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var start = new char[64];
        var read = reader.ReadBlock(start);
        return new string(start, 0, read).TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);
    }

    /// <summary>Hands out a provider's own context type where the app asks for <see cref="AgentHubDbContext"/>.</summary>
    private sealed class BaseContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AgentHubDbContext>
        where TContext : AgentHubDbContext
    {
        public AgentHubDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<AgentHubDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
