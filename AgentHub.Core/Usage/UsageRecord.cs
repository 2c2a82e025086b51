using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentHub.Core.Usage;

/// <summary>
/// One gateway call as the Usage tab counts it. Holds names, numbers and result classes only:
/// never a key, a prompt or an answer.
/// </summary>
public sealed class UsageRecord
{
    public long Id { get; set; }

    public Guid TeamId { get; set; }

    /// <summary>The agent key that called (kept after the key is revoked, so history stays whole).</summary>
    public Guid AgentKeyId { get; set; }

    /// <summary>When the call arrived (UTC).</summary>
    public DateTime At { get; set; }

    /// <summary>The model's alias (the one the agent sent when no model matched), or null when the call named none.</summary>
    public string? ModelAlias { get; set; }

    /// <summary>The provider's catalog id, when a model was found.</summary>
    public string? ProviderId { get; set; }

    /// <summary>The HTTP status the agent got (499 when it went away first).</summary>
    public int Status { get; set; }

    /// <summary>Null for a success; else the error envelope's code or the provider's result class.</summary>
    public string? ErrorClass { get; set; }

    public bool Streamed { get; set; }

    /// <summary>From the call's arrival to its answer's last byte.</summary>
    public double LatencyMs { get; set; }

    /// <summary>For streams, from the call's arrival to the first content chunk.</summary>
    public double? TimeToFirstTokenMs { get; set; }

    /// <summary>The provider's own count of prompt tokens, when it reported one.</summary>
    public int? InputTokens { get; set; }

    /// <summary>The provider's own count of completion tokens, when it reported one.</summary>
    public int? OutputTokens { get; set; }
}

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.ToTable("UsageRecords");
        builder.Property(r => r.ModelAlias).HasMaxLength(200);
        builder.Property(r => r.ProviderId).HasMaxLength(40);
        builder.Property(r => r.ErrorClass).HasMaxLength(60);
        builder.HasIndex(r => new { r.TeamId, r.At });
        // Retention deletes by age across teams.
        builder.HasIndex(r => r.At);
    }
}
