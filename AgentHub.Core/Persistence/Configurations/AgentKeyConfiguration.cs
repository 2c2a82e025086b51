using AgentHub.Core.AgentKeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentHub.Core.Persistence.Configurations;

internal sealed class AgentKeyConfiguration : IEntityTypeConfiguration<AgentKey>
{
    public void Configure(EntityTypeBuilder<AgentKey> builder)
    {
        builder.HasOne<Teams.Team>().WithMany().HasForeignKey(k => k.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(k => new { k.TeamId, k.NormalizedName }).IsUnique();
        builder.HasIndex(k => k.Hash).IsUnique();

        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.NormalizedName).HasMaxLength(100);
        builder.Property(k => k.Prefix).HasMaxLength(20);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(450);
    }
}
