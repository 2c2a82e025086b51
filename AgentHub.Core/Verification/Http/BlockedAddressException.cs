namespace AgentHub.Core.Verification.Http;

/// <summary>
/// Thrown by the outbound guard when a host resolves to an address Agent Hub must not call. It
/// never names the address: that would tell whoever typed the URL what an internal name resolves to.
/// </summary>
public sealed class BlockedAddressException(string host)
    : Exception($"{host} resolves to a private, loopback, link-local or reserved address. Set AgentHub:Network:AllowPrivateEndpoints=true to allow it.")
{
    public string Host { get; } = host;
}
