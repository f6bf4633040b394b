using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Auth;

/// <summary>Failed logins are counted per account (10 per 15 minutes) as well as per client address: every attempt
/// here comes from a fresh address, so only the account counter can refuse it.</summary>
[Collection(AppCollection.Name)]
public sealed class LoginAccountLimitTests(SanctumAppFixture app)
{
    private const int Limit = 10;

    private Task<HttpResponseMessage> LoginAsync(string email, string password) =>
        app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password });

    [Fact]
    public async Task Wrong_passwords_from_many_addresses_lock_the_account_while_another_account_logs_in()
    {
        var target = await app.SignupAsync();
        var bystander = await app.SignupAsync();
        for (var i = 0; i < Limit; i++)
        {
            await (await LoginAsync(target.Email, "Wrong-Password-1!")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid credentials");
        }

        await (await LoginAsync(target.Email, "Wrong-Password-1!")).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", LoginAttemptLimiter.Message);
        // Locked means locked: the right password, in another case, is refused before it is checked.
        await (await LoginAsync(target.Email.ToUpperInvariant(), target.Password)).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", LoginAttemptLimiter.Message);

        await (await LoginAsync(bystander.Email, bystander.Password)).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_emails_are_counted_like_wrong_passwords()
    {
        var email = $"{TestData.Username("ghost")}@example.com";
        for (var i = 0; i < Limit; i++)
        {
            await (await LoginAsync(email, "Wrong-Password-1!")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        await (await LoginAsync(email, "Wrong-Password-1!")).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", LoginAttemptLimiter.Message);
    }

    [Fact]
    public async Task Successful_logins_are_not_counted()
    {
        var user = await app.SignupAsync();
        for (var i = 0; i < Limit + 2; i++)
        {
            await (await LoginAsync(user.Email, user.Password)).ExpectJsonAsync(HttpStatusCode.OK);
        }

        // The whole budget of failures is still there.
        for (var i = 0; i < Limit; i++)
        {
            await (await LoginAsync(user.Email, "Wrong-Password-1!")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }
        await (await LoginAsync(user.Email, user.Password)).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
    }
}
