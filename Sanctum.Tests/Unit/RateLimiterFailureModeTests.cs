using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Unit;

/// <summary>What each policy does when Redis cannot be reached (contract 16.3, project decision 5).</summary>
public sealed class RateLimiterFailureModeTests(UnreachableRedis redis) : IClassFixture<UnreachableRedis>
{
    private readonly RedisRateLimiter _limiter = new(redis.Multiplexer, Options.Create(new RateLimitOptions()),
        new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance));

    [Fact]
    public async Task Fail_closed_policy_reports_unavailable()
    {
        var decision = await _limiter.AcquireAsync(RateLimitPolicies.Signup, "203.0.113.1");

        Assert.Equal(RateLimitOutcome.Unavailable, decision.Outcome);
    }

    [Fact]
    public async Task Fail_open_policy_lets_the_request_through()
    {
        var decision = await _limiter.AcquireAsync(RateLimitPolicies.Search, "203.0.113.1");

        Assert.Equal(RateLimitOutcome.Allowed, decision.Outcome);
    }

    [Fact]
    public async Task Filter_answers_503_for_a_fail_closed_policy_without_calling_the_endpoint()
    {
        var filter = new RateLimitFilter(RateLimitPolicies.Login, _limiter);
        var context = new DefaultEndpointFilterInvocationContext(new DefaultHttpContext());
        var endpointCalled = false;

        var result = await filter.InvokeAsync(context, _ =>
        {
            endpointCalled = true;
            return ValueTask.FromResult<object?>(null);
        });

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Equal("rate limit unavailable", problem.ProblemDetails.Detail);
        Assert.Equal("UNAVAILABLE", problem.ProblemDetails.Extensions["code"]);
        Assert.False(endpointCalled);
    }

    [Fact]
    public async Task Login_account_counter_fails_closed_without_verifying_the_password()
    {
        var attempted = false;

        var result = await new LoginAttemptLimiter(_limiter).GuardAsync("someone@example.com", () =>
        {
            attempted = true;
            return Task.FromResult<Result<string>>("signed in");
        });

        Assert.Equal(ErrorKind.Unavailable, result.Error?.Kind);
        Assert.Equal("rate limit unavailable", result.Error?.Message);
        Assert.False(attempted);
    }

    [Fact]
    public async Task Giving_back_a_hit_while_redis_is_down_does_not_throw()
    {
        await _limiter.ReleaseAsync(RateLimitPolicies.LoginAccount, LoginAttemptLimiter.Subject("someone@example.com"));
    }
}
