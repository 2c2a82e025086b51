using AgentHub.Core.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentHub.Core.Persistence.Configurations;

internal sealed class ActivityEntryConfiguration : IEntityTypeConfiguration<ActivityEntry>
{
    public void Configure(EntityTypeBuilder<ActivityEntry> builder)
    {
        builder.HasIndex(e => new { e.TeamId, e.Id });
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.Action).HasMaxLength(60);
        builder.Property(e => e.ObjectKind).HasMaxLength(20);
        builder.Property(e => e.ObjectId).HasMaxLength(60);
        builder.Property(e => e.ObjectName).HasMaxLength(200);
        builder.Property(e => e.Details).HasMaxLength(ActivityEntry.DetailsMaxLength);
    }
}
