using AgentHub.Core.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentHub.Core.Persistence.Configurations;

internal sealed class AlertSettingsConfiguration : IEntityTypeConfiguration<AlertSettings>
{
    public void Configure(EntityTypeBuilder<AlertSettings> builder)
    {
        builder.HasKey(s => s.TeamId);
        builder.HasOne<Team>().WithOne().HasForeignKey<AlertSettings>(s => s.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.WebhookHint).HasMaxLength(300);
    }
}

internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> builder)
    {
        builder.HasOne<Team>().WithMany().HasForeignKey(d => d.TeamId).OnDelete(DeleteBehavior.Cascade);
        // The delivery service's scan, and the Alerts tab's newest-first list.
        builder.HasIndex(d => new { d.DeliveredAt, d.GaveUpAt, d.NextAttemptAt });
        builder.HasIndex(d => new { d.TeamId, d.OccurredAt });
        // One Expiring message per credential and reported expiry, however many instances look (nulls differ: Broke and Recovered are not held).
        builder.HasIndex(d => new { d.CredentialId, d.Kind, d.ExpiresAt }).IsUnique();
        builder.Property(d => d.CredentialName).HasMaxLength(100);
        builder.Property(d => d.ProviderName).HasMaxLength(100);
        builder.Property(d => d.Status).HasMaxLength(40);
        builder.Property(d => d.Reason).HasMaxLength(1_001);
        builder.Property(d => d.LastError).HasMaxLength(300);
    }
}
