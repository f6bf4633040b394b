using Sanctum.Api.Infrastructure.RateLimiting;

namespace Sanctum.Tests.Unit;

/// <summary>What every per-IP limit counts against: IPv4 by address, IPv6 by /64, IPv4-mapped as IPv4.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    [InlineData("fe80::1%3", "fe80::/64")]
    public void Key_is_the_ipv4_address_or_the_ipv6_64(string address, string expected)
    {
        Assert.Equal(expected, ClientAddress.Key(IPAddress.Parse(address)));
    }

    [Fact]
    public void Addresses_in_one_64_share_a_key_and_the_next_64_does_not()
    {
        var key = ClientAddress.Key(IPAddress.Parse("2001:db8:0:5::1"));

        Assert.Equal(key, ClientAddress.Key(IPAddress.Parse("2001:db8:0:5:ffff:ffff:ffff:ffff")));
        Assert.NotEqual(key, ClientAddress.Key(IPAddress.Parse("2001:db8:0:6::1")));
    }

    [Fact]
    public void Neighbouring_ipv4_addresses_have_their_own_keys()
    {
        Assert.NotEqual(ClientAddress.Key(IPAddress.Parse("203.0.113.7")), ClientAddress.Key(IPAddress.Parse("203.0.113.8")));
    }

    [Fact]
    public void A_missing_address_has_one_shared_key()
    {
        Assert.Equal("unknown", ClientAddress.Key(null));
    }
}
