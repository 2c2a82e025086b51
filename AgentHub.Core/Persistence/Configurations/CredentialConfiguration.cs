using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentHub.Core.Persistence.Configurations;

internal sealed class CredentialConfiguration : IEntityTypeConfiguration<Credential>
{
    public void Configure(EntityTypeBuilder<Credential> builder)
    {
        builder.HasOne(c => c.Team).WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.TeamId, c.NormalizedName }).IsUnique();

        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.NormalizedName).HasMaxLength(100);
        builder.Property(c => c.Description).HasMaxLength(500);
        builder.Property(c => c.ProviderId).HasMaxLength(40);
        builder.Property(c => c.SecretHint).HasMaxLength(320);
        builder.Property(c => c.StatusMessage).HasMaxLength(1_000);
        builder.Property(c => c.StatusDetail).HasMaxLength(4_000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.CheckLeaseOwner).HasMaxLength(200);
        builder.HasIndex(c => c.NextCheckAt);

        builder.Property(c => c.Settings)
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, string>())
            .Metadata.SetValueComparer(new ValueComparer<Dictionary<string, string>>(
                (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                v => new Dictionary<string, string>(v)));
    }
}
