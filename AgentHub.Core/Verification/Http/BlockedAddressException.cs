using System.Net;

namespace AgentHub.Core.Verification.Http;

/// <summary>Thrown by the outbound guard when a host resolves to an address Agent Hub must not call.</summary>
public sealed class BlockedAddressException(string host, IPAddress address)
    : Exception($"{host} resolves to {address}, a private, loopback or link-local address. Set AgentHub:Network:AllowPrivateEndpoints=true to allow it.")
{
    public string Host { get; } = host;

    public IPAddress Address { get; } = address;
}
