namespace AgentHub.Core;

/// <summary>The <c>AgentHub</c> configuration section (product.md, "Configuration").</summary>
public sealed class AgentHubOptions
{
    public const string SectionName = "AgentHub";

    public LimitsOptions Limits { get; set; } = new();

    public VerificationOptions Verification { get; set; } = new();

    public NetworkOptions Network { get; set; } = new();

    public DataProtectionOptions DataProtection { get; set; } = new();

    public GatewayOptions Gateway { get; set; } = new();

    public DatabaseOptions Database { get; set; } = new();

    public UsageOptions Usage { get; set; } = new();

    public HealthOptions Health { get; set; } = new();

    public AlertsOptions Alerts { get; set; } = new();

    public sealed class AlertsOptions
    {
        /// <summary>The address people open Agent Hub at; alert messages link to the credential there (no link when unset).</summary>
        public Uri? AppUrl { get; set; }

        /// <summary>How long a finished message (delivered or given up) stays listed before it is deleted.</summary>
        public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
    }

    public sealed class LimitsOptions
    {
        /// <summary>How many credentials one team may hold.</summary>
        public int CredentialsPerTeam { get; set; } = 200;
    }

    public sealed class VerificationOptions
    {
        /// <summary>The upper bound for one verification, network included.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// How long past <see cref="Timeout"/> a credential still stored as Verifying (the app stopped
        /// or was killed mid-verification) waits before it reads Failed, interrupted.
        /// </summary>
        public TimeSpan InterruptedAfter { get; set; } = TimeSpan.FromSeconds(30);
    }

    public sealed class NetworkOptions
    {
        /// <summary>Allow admin-typed URLs that resolve to private, loopback or link-local addresses.</summary>
        public bool AllowPrivateEndpoints { get; set; }
    }

    public sealed class GatewayOptions
    {
        /// <summary>The largest request body <c>/v1</c> accepts.</summary>
        public long MaxRequestBytes { get; set; } = 8 * 1024 * 1024;

        /// <summary>How long the gateway waits for a provider to start answering (to answer whole, when not streamed).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
    }

    public sealed class UsageOptions
    {
        /// <summary>How long usage rows are kept.</summary>
        public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

        /// <summary>How many gateway calls may wait in memory to be written; beyond it calls are counted, not recorded.</summary>
        public int QueueCapacity { get; set; } = 50_000;
    }

    public sealed class HealthOptions
    {
        /// <summary>How often every credential is re-checked with its provider's verification call (each check spread by ±10%).</summary>
        public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

        /// <summary>How many scheduled checks of one provider run at once in an instance.</summary>
        public int MaxConcurrentPerProvider { get; set; } = 4;

        /// <summary>How often an instance looks for due checks.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
    }

    public sealed class DataProtectionOptions
    {
        /// <summary>The folder holding the encryption key ring.</summary>
        public string KeysPath { get; set; } = "data/keys";

        /// <summary>
        /// With PostgreSQL: the certificate (a PFX, or a PEM file holding the certificate and its
        /// private key) that encrypts every key of the ring stored in the database. Required there.
        /// </summary>
        public string? CertificatePath { get; set; }

        /// <summary>The password of <see cref="CertificatePath"/>, when it has one.</summary>
        public string? CertificatePassword { get; set; }
    }

    public sealed class DatabaseOptions
    {
        /// <summary>Which store holds the data: <c>Sqlite</c> (one instance, a file) or <c>PostgreSQL</c> (a server, several instances).</summary>
        public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    }
}
