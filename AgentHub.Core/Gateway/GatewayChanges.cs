namespace AgentHub.Core.Gateway;

/// <summary>
/// Announces committed changes to what the gateway resolves, from the store's interceptor to the
/// <see cref="GatewayDirectory"/> (a separate object so the store's options never depend on the store).
/// </summary>
public sealed class GatewayChanges
{
    /// <summary>Raised after a change to agent keys, models or credentials is committed in this instance.</summary>
    public event Action? Committed;

    internal void Announce() => Committed?.Invoke();
}
