using AgentHub.Web.Accounts;

namespace AgentHub.Tests.Web;

/// <summary>Whose budget an account form post spends: IPv4 clients by address, IPv6 clients by their /64.</summary>
public sealed class AccountRateLimitingTests
{
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::ffff:abcd")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2:1:2:3:4")]
    [InlineData("203.0.113.7", "::ffff:203.0.113.7")]
    public void AddressesOfOneIpv6SubnetOrOneIpv4AddressShouldShareAPartition(string first, string second)
    {
        var keys = new[] { first, second }.Select(a => AccountRateLimiting.PartitionKey(IPAddress.Parse(a))).ToList();

        Assert.Equal(keys[0], keys[1]);
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1")]
    [InlineData("203.0.113.7", "203.0.113.8")]
    public void DifferentIpv6SubnetsOrIpv4AddressesShouldNotShareAPartition(string first, string second)
    {
        var keys = new[] { first, second }.Select(a => AccountRateLimiting.PartitionKey(IPAddress.Parse(a))).ToList();

        Assert.NotEqual(keys[0], keys[1]);
    }

    [Fact]
    public void AnIpv6ClientShouldBeKeyedByItsSlash64()
    {
        Assert.Equal("2001:db8:1:2::/64", AccountRateLimiting.PartitionKey(IPAddress.Parse("2001:db8:1:2:3:4:5:6")));
        Assert.Equal("203.0.113.7", AccountRateLimiting.PartitionKey(IPAddress.Parse("203.0.113.7")));
    }
}
