using System.Net;

namespace AgentHub.Core.Verification.Http;

/// <summary>One block of addresses Agent Hub does not call, with where it is defined.</summary>
/// <param name="Network">The block.</param>
/// <param name="Name">What the registry calls it.</param>
/// <param name="Source">The RFC (and registry) that reserves it.</param>
public sealed record ReservedRange(IPNetwork Network, string Name, string Source);

/// <summary>
/// The address blocks the outbound guard refuses: every entry of the IANA IPv4 and IPv6
/// Special-Purpose Address Registries that is not globally reachable, plus multicast, the
/// deprecated blocks that still appear in the wild, and IPv6 outside the global unicast
/// space. Blocks that tunnel an IPv4 address (<see cref="Tunnels"/>) are judged by that address.
/// </summary>
/// <remarks>
/// Where a registry block is not globally reachable but holds a smaller globally reachable entry
/// (192.0.0.0/24 holds the PCP and TURN anycast /32s, 2001::/23 holds AMT, AS112-v6, ORCHIDv2 and
/// DETs), the whole block is refused: those entries are anycast infrastructure or identifiers,
/// never a model API, and an outbound call to one is more likely an attack than a need.
/// </remarks>
public static class ReservedRanges
{
    private const string V4 = "IANA IPv4 Special-Purpose Address Registry";
    private const string V6 = "IANA IPv6 Special-Purpose Address Registry";

    /// <summary>The refused blocks, IPv4 then IPv6.</summary>
    public static IReadOnlyList<ReservedRange> All { get; } =
    [
        Row("0.0.0.0/8", "\"This network\"", $"RFC 791 §3.2, {V4}"),
        Row("10.0.0.0/8", "Private-Use", $"RFC 1918, {V4}"),
        Row("100.64.0.0/10", "Shared Address Space (carrier-grade NAT)", $"RFC 6598, {V4}"),
        Row("127.0.0.0/8", "Loopback", $"RFC 1122 §3.2.1.3, {V4}"),
        Row("169.254.0.0/16", "Link Local (cloud metadata)", $"RFC 3927, {V4}"),
        Row("172.16.0.0/12", "Private-Use", $"RFC 1918, {V4}"),
        Row("192.0.0.0/24", "IETF Protocol Assignments", $"RFC 6890 §2.1, {V4}"),
        Row("192.0.0.0/29", "IPv4 Service Continuity Prefix", $"RFC 7335, {V4}"),
        Row("192.0.0.8/32", "IPv4 dummy address", $"RFC 7600, {V4}"),
        Row("192.0.0.170/31", "NAT64/DNS64 Discovery", $"RFC 8880, {V4}"),
        Row("192.0.2.0/24", "Documentation (TEST-NET-1)", $"RFC 5737, {V4}"),
        Row("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", $"RFC 7526, {V4}"),
        Row("192.168.0.0/16", "Private-Use", $"RFC 1918, {V4}"),
        Row("198.18.0.0/15", "Benchmarking", $"RFC 2544, {V4}"),
        Row("198.51.100.0/24", "Documentation (TEST-NET-2)", $"RFC 5737, {V4}"),
        Row("203.0.113.0/24", "Documentation (TEST-NET-3)", $"RFC 5737, {V4}"),
        Row("224.0.0.0/4", "Multicast", "RFC 5771, IANA IPv4 Multicast Address Space Registry"),
        Row("240.0.0.0/4", "Reserved", $"RFC 1112 §4, {V4}"),
        Row("255.255.255.255/32", "Limited Broadcast", $"RFC 8190, RFC 919 §7, {V4}"),

        Row("::1/128", "Loopback Address", $"RFC 4291, {V6}"),
        Row("::/128", "Unspecified Address", $"RFC 4291, {V6}"),
        Row("::ffff:0:0:0/96", "IPv4-translated (SIIT)", "RFC 2765 §2.1"),
        Row("64:ff9b:1::/48", "IPv4-IPv6 Translation, local use", $"RFC 8215, {V6}"),
        Row("100::/64", "Discard-Only Address Block", $"RFC 6666, {V6}"),
        Row("100:0:0:1::/64", "Dummy IPv6 Prefix", $"RFC 9780, {V6}"),
        Row("2001::/23", "IETF Protocol Assignments", $"RFC 2928, {V6}"),
        Row("2001::/32", "TEREDO", $"RFC 4380, RFC 8190, {V6}"),
        Row("2001:2::/48", "Benchmarking", $"RFC 5180, {V6}"),
        Row("2001:10::/28", "Deprecated (previously ORCHID)", $"RFC 4843, {V6}"),
        Row("2001:20::/28", "ORCHIDv2", $"RFC 7343, {V6}"),
        Row("2001:db8::/32", "Documentation", $"RFC 3849, {V6}"),
        Row("3fff::/20", "Documentation", $"RFC 9637, {V6}"),
        Row("5f00::/16", "Segment Routing (SRv6) SIDs", $"RFC 9602, {V6}"),
        Row("fc00::/7", "Unique-Local", $"RFC 4193, RFC 8190, {V6}"),
        Row("fe80::/10", "Link-Local Unicast", $"RFC 4291, {V6}"),
        Row("fec0::/10", "Site-Local (deprecated)", "RFC 3879"),
        Row("ff00::/8", "Multicast", "RFC 4291 §2.7, IANA IPv6 Multicast Address Space Registry"),
    ];

    /// <summary>
    /// IPv6 blocks that carry an IPv4 address; the guard judges the IPv4 address instead.
    /// 6to4 carries it in bits 16–47, the others in the last 32 bits.
    /// </summary>
    public static IReadOnlyList<ReservedRange> Tunnels { get; } =
    [
        Row("::ffff:0:0/96", "IPv4-mapped Address", $"RFC 4291 §2.5.5.2, {V6}"),
        Row("::/96", "IPv4-compatible Address (deprecated)", "RFC 4291 §2.5.5.1"),
        Row("64:ff9b::/96", "IPv4-IPv6 Translation (NAT64 well-known prefix)", $"RFC 6052, {V6}"),
        Row("2002::/16", "6to4", $"RFC 3056, {V6}"),
    ];

    /// <summary>The only IPv6 space IANA allocates for global unicast; the rest is reserved by the IETF.</summary>
    public static ReservedRange GlobalUnicast { get; } = Row("2000::/3", "Global Unicast", "RFC 4291 §2.4, IANA IPv6 Address Space Registry");

    private static ReservedRange Row(string cidr, string name, string source) => new(IPNetwork.Parse(cidr), name, source);
}
