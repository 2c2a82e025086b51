using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Verification.Http;

/// <summary>
/// The SSRF rules for URLs that admins type (product.md, "Outbound calls"). Runs as the
/// <see cref="SocketsHttpHandler.ConnectCallback"/>: the host is resolved once, every address is
/// checked, and the socket connects to the checked address itself, so a DNS answer that changes
/// between check and connect (rebinding) cannot slip through. A URL the operator configured for a
/// provider (its BaseUrl, Vertex AI's TokenUrl) is trusted for that provider's calls under that
/// URL's path only (<see cref="IsTrusted"/>); <see cref="OutboundHandlerFactory"/> sends those
/// calls through a connection pool of their own.
/// </summary>
public sealed class OutboundGuard(ProviderCatalog catalog, IOptionsMonitor<AgentHubOptions> options)
{
    /// <summary>The request option naming the provider a call is made for (set by the provider clients).</summary>
    public static readonly HttpRequestOptionsKey<string> ProviderOption = new("AgentHub.ProviderId");

    private readonly Lazy<HashSet<string>> _configuredAuthorities = new(() => catalog.ConfiguredAuthorities().ToHashSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether calls to private addresses are allowed (on-premises installs).</summary>
    public bool AllowPrivate => options.CurrentValue.Network.AllowPrivateEndpoints;

    /// <summary>
    /// Whether <paramref name="uri"/> lies under a URL the operator configured for
    /// <paramref name="providerId"/>: same scheme, host and port, and a path equal to or below the
    /// configured path. A path with an encoded dot, slash, backslash or percent, or a ";" path
    /// parameter, is never trusted, since a server may resolve it to a path outside the prefix.
    /// </summary>
    public bool IsTrusted(string? providerId, Uri uri)
    {
        if (providerId is null || !uri.IsAbsoluteUri || HasEncodedSeparator(uri.AbsolutePath))
        {
            return false;
        }

        return catalog.TrustedUrls(providerId).Any(prefix =>
            string.Equals(uri.Scheme, prefix.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.IdnHost, prefix.IdnHost, StringComparison.OrdinalIgnoreCase)
            && uri.Port == prefix.Port
            && (uri.AbsolutePath == prefix.AbsolutePath
                || uri.AbsolutePath.StartsWith(prefix.AbsolutePath.TrimEnd('/') + "/", StringComparison.Ordinal)));
    }

    /// <summary>Connects to the request's host after checking every address it resolves to.</summary>
    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context, trusted: false, cancellationToken);

    /// <summary>
    /// Connects for a call <see cref="IsTrusted"/> accepted. The private-address rule is lifted
    /// only when the host and port are one the operator configured; any other is checked as usual.
    /// </summary>
    public ValueTask<Stream> ConnectTrustedAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context, trusted: true, cancellationToken);

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool trusted, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var exempt = AllowPrivate || (trusted && _configuredAuthorities.Value.Contains($"{host}:{context.DnsEndPoint.Port}"));
        if (!exempt && addresses.Any(IsPrivate))
        {
            throw new BlockedAddressException(host);
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
    /// Whether an address lies in a block that is not globally reachable
    /// (<see cref="ReservedRanges.All"/>) or outside IPv6 global unicast; an IPv6 address that
    /// tunnels an IPv4 address (<see cref="ReservedRanges.Tunnels"/>) is judged by that address.
    /// </summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && TunnelledIPv4(address) is { } inner)
        {
            return IsPrivate(inner);
        }

        if (ReservedRanges.All.Any(range => range.Network.Contains(address)))
        {
            return true;
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && !ReservedRanges.GlobalUnicast.Network.Contains(address);
    }

    /// <summary>The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), or null.</summary>
    private static IPAddress? TunnelledIPv4(IPAddress address)
    {
        var tunnel = ReservedRanges.Tunnels.FirstOrDefault(t => t.Network.Contains(address));
        if (tunnel is null)
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        return tunnel.Network.PrefixLength == 16 ? new IPAddress(bytes[2..6]) : new IPAddress(bytes[12..16]);
    }

    // ";" starts a path parameter that some servers strip before resolving "..;" as "..", and "%25"
    // can decode into one of the others on a second pass: neither is trusted.
    private static bool HasEncodedSeparator(string path) =>
        path.Contains('\\', StringComparison.Ordinal)
        || path.Contains(';', StringComparison.Ordinal)
        || path.Contains("%25", StringComparison.Ordinal)
        || path.Contains("%2e", StringComparison.OrdinalIgnoreCase)
        || path.Contains("%2f", StringComparison.OrdinalIgnoreCase)
        || path.Contains("%5c", StringComparison.OrdinalIgnoreCase);
}
