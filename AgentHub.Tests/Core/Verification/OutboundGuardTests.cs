using AgentHub.Core.Verification.Http;

namespace AgentHub.Tests.Core.Verification;

public sealed class OutboundGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("::1")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("::127.0.0.1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("64:ff9b:1::a00:1")]
    public void PrivateLoopbackLinkLocalCgnatMulticastAndUnspecifiedAddressesShouldBeBlocked(string address)
    {
        Assert.True(OutboundGuard.IsPrivate(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void PublicAddressesShouldPass(string address)
    {
        Assert.False(OutboundGuard.IsPrivate(IPAddress.Parse(address)));
    }

    /// <summary>An address inside each block that is not globally reachable, with the registry row that reserves it.</summary>
    public static TheoryData<string, string> RegistryRows() => new()
    {
        { "0.1.2.3", "0.0.0.0/8 \"This network\" (RFC 791)" },
        { "10.9.8.7", "10.0.0.0/8 Private-Use (RFC 1918)" },
        { "100.64.0.1", "100.64.0.0/10 Shared Address Space (RFC 6598)" },
        { "127.0.0.53", "127.0.0.0/8 Loopback (RFC 1122)" },
        { "169.254.169.254", "169.254.0.0/16 Link Local (RFC 3927)" },
        { "172.20.1.1", "172.16.0.0/12 Private-Use (RFC 1918)" },
        { "192.0.0.100", "192.0.0.0/24 IETF Protocol Assignments (RFC 6890)" },
        { "192.0.0.5", "192.0.0.0/29 IPv4 Service Continuity Prefix (RFC 7335)" },
        { "192.0.0.8", "192.0.0.8/32 IPv4 dummy address (RFC 7600)" },
        { "192.0.0.9", "192.0.0.9/32 PCP Anycast inside 192.0.0.0/24 (RFC 7723; refused with its /24)" },
        { "192.0.0.171", "192.0.0.170/31 NAT64/DNS64 Discovery (RFC 8880)" },
        { "192.0.2.10", "192.0.2.0/24 Documentation TEST-NET-1 (RFC 5737)" },
        { "192.88.99.1", "192.88.99.0/24 Deprecated 6to4 Relay Anycast (RFC 7526)" },
        { "192.168.100.1", "192.168.0.0/16 Private-Use (RFC 1918)" },
        { "198.19.255.1", "198.18.0.0/15 Benchmarking (RFC 2544)" },
        { "198.51.100.7", "198.51.100.0/24 Documentation TEST-NET-2 (RFC 5737)" },
        { "203.0.113.200", "203.0.113.0/24 Documentation TEST-NET-3 (RFC 5737)" },
        { "239.255.255.250", "224.0.0.0/4 Multicast (RFC 5771)" },
        { "240.0.0.1", "240.0.0.0/4 Reserved (RFC 1112)" },
        { "255.255.255.255", "255.255.255.255/32 Limited Broadcast (RFC 8190)" },
        { "::1", "::1/128 Loopback (RFC 4291)" },
        { "::", "::/128 Unspecified (RFC 4291)" },
        { "::ffff:0:a00:1", "::ffff:0:0:0/96 IPv4-translated (RFC 2765)" },
        { "::ffff:0:808:808", "::ffff:0:0:0/96 IPv4-translated, public inside (RFC 2765)" },
        { "64:ff9b:1::808:808", "64:ff9b:1::/48 Local-use IPv4/IPv6 translation (RFC 8215)" },
        { "100::1", "100::/64 Discard-Only (RFC 6666)" },
        { "100:0:0:1::1", "100:0:0:1::/64 Dummy IPv6 Prefix (RFC 9780)" },
        { "2001:1ff::1", "2001::/23 IETF Protocol Assignments (RFC 2928)" },
        { "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::/32 TEREDO (RFC 4380)" },
        { "2001:2::1", "2001:2::/48 Benchmarking (RFC 5180)" },
        { "2001:10::1", "2001:10::/28 Deprecated ORCHID (RFC 4843)" },
        { "2001:20::1", "2001:20::/28 ORCHIDv2 (RFC 7343)" },
        { "2001:db8::1", "2001:db8::/32 Documentation (RFC 3849)" },
        { "3fff::1", "3fff::/20 Documentation (RFC 9637)" },
        { "5f00::1", "5f00::/16 SRv6 SIDs (RFC 9602)" },
        { "fd00::1", "fc00::/7 Unique-Local (RFC 4193)" },
        { "fe80::1", "fe80::/10 Link-Local Unicast (RFC 4291)" },
        { "fec0::1", "fec0::/10 Site-Local, deprecated (RFC 3879)" },
        { "ff05::2", "ff00::/8 Multicast (RFC 4291)" },
        { "4000::1", "outside 2000::/3 Global Unicast: reserved by IETF (IANA IPv6 Address Space)" },
        { "::ffff:192.0.2.1", "::ffff:0:0/96 IPv4-mapped, judged by its IPv4 address (RFC 4291)" },
        { "::198.51.100.1", "::/96 IPv4-compatible, judged by its IPv4 address (RFC 4291)" },
        { "64:ff9b::cb00:7101", "64:ff9b::/96 NAT64, judged by its IPv4 address (RFC 6052)" },
        { "2002:c058:6301::1", "2002::/16 6to4, judged by its IPv4 address (RFC 3056)" },
    };

    [Theory]
    [MemberData(nameof(RegistryRows))]
    public void EveryBlockThatIsNotGloballyReachableShouldBeBlocked(string address, string registryRow)
    {
        Assert.True(OutboundGuard.IsPrivate(IPAddress.Parse(address)), $"{address} ({registryRow}) should be refused");
    }

    /// <summary>Globally reachable registry entries and ordinary public addresses.</summary>
    [Theory]
    [InlineData("192.31.196.1")]      // 192.31.196.0/24 AS112-v4 (RFC 7535), globally reachable
    [InlineData("192.52.193.1")]      // 192.52.193.0/24 AMT (RFC 7450), globally reachable
    [InlineData("192.175.48.1")]      // 192.175.48.0/24 Direct Delegation AS112 (RFC 7534), globally reachable
    [InlineData("192.0.3.1")]
    [InlineData("198.51.99.1")]
    [InlineData("203.0.114.1")]
    [InlineData("2620:4f:8000::1")]   // 2620:4f:8000::/48 Direct Delegation AS112 (RFC 7534), globally reachable
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2a00:1450:4001::1")]
    [InlineData("2001:200::1")]       // just past 2001::/23
    public void GloballyReachableAddressesShouldPass(string address)
    {
        Assert.False(OutboundGuard.IsPrivate(IPAddress.Parse(address)));
    }

    [Fact]
    public void EveryTableRowShouldNameItsSourceAndBlockItsOwnAddresses()
    {
        Assert.All(ReservedRanges.All, row =>
        {
            Assert.Matches(@"RFC \d+", row.Source);
            Assert.True(OutboundGuard.IsPrivate(row.Network.BaseAddress), $"{row.Network} ({row.Name}, {row.Source})");
        });
    }
}

