using System.Net;
using System.Net.Sockets;

namespace Sanctum.Api.Infrastructure.RateLimiting;

/// <summary>The subject every per-IP limit counts against.</summary>
public static class ClientAddress
{
    /// <summary>
    /// IPv4 by the address; IPv6 by its /64, because one subscriber is normally given a whole /64 and could
    /// otherwise rotate through 2^64 addresses, each with a fresh budget; an IPv4-mapped IPv6 address
    /// (<c>::ffff:a.b.c.d</c>, what a dual-stack socket reports) as the IPv4 address it carries.
    /// </summary>
    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }
}
