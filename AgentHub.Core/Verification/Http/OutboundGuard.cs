using System.Net;
using System.Net.Sockets;
using AgentHub.Core.Providers;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Verification.Http;

/// <summary>
/// The SSRF rules for URLs that admins type (product.md, "Outbound calls"). Runs as the
/// <see cref="SocketsHttpHandler.ConnectCallback"/>: the host is resolved once, every address is
/// checked, and the socket connects to the checked address itself, so a DNS answer that changes
/// between check and connect (rebinding) cannot slip through. The host:port of URLs the operator
/// configured are trusted.
/// </summary>
public sealed class OutboundGuard(ProviderCatalog catalog, IOptionsMonitor<AgentHubOptions> options)
{
    private readonly Lazy<HashSet<string>> _trustedAuthorities = new(() => catalog.ConfiguredAuthorities().ToHashSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether calls to private addresses are allowed (on-premises installs).</summary>
    public bool AllowPrivate => options.CurrentValue.Network.AllowPrivateEndpoints;

    /// <summary>Connects to the request's host after checking every address it resolves to.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (!AllowPrivate && !_trustedAuthorities.Value.Contains($"{host}:{context.DnsEndPoint.Port}") && addresses.FirstOrDefault(IsPrivate) is { } blocked)
        {
            throw new BlockedAddressException(host, blocked);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether an address is loopback, private, link-local (cloud metadata), CGNAT, multicast,
    /// unspecified or otherwise not a public unicast address, for IPv4 and IPv6 alike.
    /// </summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => true,                                  // 0.0.0.0/8 "this network", unspecified
                10 => true,                                 // private
                127 => true,                                // loopback
                100 => b[1] is >= 64 and <= 127,            // 100.64.0.0/10 carrier-grade NAT
                169 => b[1] == 254,                         // link-local, cloud metadata
                172 => b[1] is >= 16 and <= 31,             // private
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0), // private; IETF protocol assignments
                198 => b[1] is 18 or 19,                    // benchmarking
                >= 224 => true,                             // multicast, reserved, broadcast
                _ => false,
            };
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return true;
        }

        var bytes = address.GetAddressBytes();
        // Local-use NAT64 (64:ff9b:1::/48) and Teredo (2001::/32) tunnel to addresses that cannot be judged here.
        if ((bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4] == 0x00 && bytes[5] == 0x01)
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x00 && bytes[3] == 0x00))
        {
            return true;
        }

        // 6to4 (2002::/16) embeds an IPv4 address in bytes 2–5: judge that one.
        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return IsPrivate(new IPAddress(bytes[2..6]));
        }

        // NAT64 (64:ff9b::/96) embeds an IPv4 address: judge that one.
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4..12].All(x => x == 0))
        {
            return IsPrivate(new IPAddress(bytes[12..16]));
        }

        // IPv4-compatible (::a.b.c.d, deprecated) likewise.
        if (bytes[..12].All(x => x == 0))
        {
            return IsPrivate(new IPAddress(bytes[12..16]));
        }

        return false;
    }
}
