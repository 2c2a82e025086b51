using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentHub.Core.Gateway;

/// <summary>
/// The one-row change stamp of everything the gateway resolves (agent keys, models, credentials):
/// bumped in the same transaction as every such change, polled by each app instance so their
/// in-memory <see cref="GatewayDirectory"/> follows changes made by the others.
/// </summary>
public sealed class GatewayStamp
{
    /// <summary>The only row's id.</summary>
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;

    /// <summary>Raised by one on every change.</summary>
    public long Version { get; set; }
}

internal sealed class GatewayStampConfiguration : IEntityTypeConfiguration<GatewayStamp>
{
    public void Configure(EntityTypeBuilder<GatewayStamp> builder)
    {
        builder.ToTable("GatewayStamps");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasData(new GatewayStamp { Id = GatewayStamp.SingleId, Version = 0 });
    }
}
