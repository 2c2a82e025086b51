using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentHub.Core.Persistence.Configurations;

internal sealed class ModelConnectionConfiguration : IEntityTypeConfiguration<ModelConnection>
{
    public void Configure(EntityTypeBuilder<ModelConnection> builder)
    {
        // Deleting a credential never deletes its models: they keep a null credential and turn Invalid.
        builder.HasOne(m => m.Credential).WithMany().HasForeignKey(m => m.CredentialId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Teams.Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.TeamId, m.ModelId });
        builder.HasIndex(m => new { m.TeamId, m.NormalizedAlias }).IsUnique();
        // The Models tab's page sorted by date (model ID and alias sort on the two indexes above).
        builder.HasIndex(m => new { m.TeamId, m.ConnectedAt });

        builder.Property(m => m.ProviderId).HasMaxLength(40);
        builder.Property(m => m.ModelId).HasMaxLength(200);
        builder.Property(m => m.Alias).HasMaxLength(200);
        builder.Property(m => m.NormalizedAlias).HasMaxLength(200);
        builder.Property(m => m.AdditionalParameters).HasMaxLength(10_000);
        builder.Property(m => m.InvalidReason).HasMaxLength(300);
        builder.Property(m => m.Version).IsConcurrencyToken();
    }
}
