using System.Security.Cryptography;
using System.Text;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.RateLimiting;

/// <summary>
/// Failed logins per account (<see cref="RateLimitPolicies.LoginAccount"/>, fail-closed), beside the per-IP
/// <see cref="RateLimitPolicies.Login"/> limit. Key <c>rl:login_account:email:&lt;hex SHA-256 of the trimmed,
/// lower-cased email&gt;</c>: a fixed size whatever the client sends, and no address stored in clear.
/// Every attempt takes a hit before the password is verified, and an attempt that did not fail on its credentials
/// gives it back: so only failures (wrong password, unknown email) count, yet parallel guesses cannot all slip
/// past the check before the first failure is counted. Once over the limit the account answers 429 even to the
/// right password until the window ends; that is the point, since a guess that succeeds must look no different.
/// </summary>
public sealed class LoginAttemptLimiter(RedisRateLimiter limiter)
{
    public const string Message = "Too many failed login attempts for this account, please try again later";

    /// <summary>Runs <paramref name="attempt"/> under the account's budget; an Unauthorized result counts as a failure.</summary>
    public async Task<Result<T>> GuardAsync<T>(string? email, Func<Task<Result<T>>> attempt)
    {
        if (!limiter.Enabled || string.IsNullOrWhiteSpace(email))
        {
            return await attempt();
        }
        var policy = RateLimitPolicies.LoginAccount;
        var subject = Subject(email);
        var decision = await limiter.AcquireAsync(policy, subject);
        if (decision.Outcome == RateLimitOutcome.Limited)
        {
            return Error.RateLimited(Message);
        }
        if (decision.Outcome == RateLimitOutcome.Unavailable)
        {
            return Error.Unavailable("rate limit unavailable");
        }

        var failed = false;
        try
        {
            var result = await attempt();
            failed = result.Error is { Kind: ErrorKind.Unauthorized };
            return result;
        }
        finally
        {
            if (!failed)
            {
                await limiter.ReleaseAsync(policy, subject);
            }
        }
    }

    public static string Subject(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
}
