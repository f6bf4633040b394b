using Microsoft.AspNetCore.Http;
using Sanctum.Api.Infrastructure.RateLimiting;

namespace Sanctum.Tests.Unit;

/// <summary>The in-process per-client limit of contract 0.2, partitioned like the Redis policies.</summary>
public sealed class GlobalRateLimitTests
{
    private readonly System.Threading.RateLimiting.PartitionedRateLimiter<HttpContext> _limiter =
        GlobalRateLimit.Create(new GlobalLimitOptions { Limit = 2, WindowSeconds = 3600 });

    private static HttpContext Request(string address, string method = "GET")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }

    private bool Acquire(HttpContext context) => _limiter.AttemptAcquire(context).IsAcquired;

    [Fact]
    public void A_client_gets_the_limit_then_is_refused_while_another_is_not()
    {
        Assert.True(Acquire(Request("203.0.113.1")));
        Assert.True(Acquire(Request("203.0.113.1")));
        Assert.False(Acquire(Request("203.0.113.1")));

        Assert.True(Acquire(Request("203.0.113.2")));
    }

    [Fact]
    public void Ipv6_clients_of_one_64_share_the_budget()
    {
        Assert.True(Acquire(Request("2001:db8:7:7::1")));
        Assert.True(Acquire(Request("2001:db8:7:7::2")));
        Assert.False(Acquire(Request("2001:db8:7:7::3")));

        Assert.True(Acquire(Request("2001:db8:7:8::1")));
    }

    [Fact]
    public void Options_requests_are_exempt()
    {
        Assert.True(Acquire(Request("203.0.113.3")));
        Assert.True(Acquire(Request("203.0.113.3")));

        for (var i = 0; i < 5; i++)
        {
            Assert.True(Acquire(Request("203.0.113.3", "OPTIONS")));
        }
        Assert.False(Acquire(Request("203.0.113.3")));
    }
}
