using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Conversations;

/// <summary>send_chat (contract 16.3; the fixture sets 40 per minute): bad input spends nothing, the 41st send is 429.</summary>
[Collection(AppCollection.Name)]
public sealed class SendRateLimitTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Invalid_messages_spend_no_budget_and_the_send_after_the_limit_is_429_and_not_stored()
    {
        var a = await app.SignupAsync("la");
        var b = await app.SignupAsync("lb");
        var dm = await a.OpenDmAsync(b);

        for (var i = 0; i < 5; i++)
        {
            await (await a.PostMessageAsync(dm.Id(), new { content = " " })).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        }
        for (var i = 0; i < 40; i++)
        {
            await a.SendAsync(dm.Id(), $"m{i}");
        }
        await (await a.PostMessageAsync(dm.Id(), new { content = "one too many" })).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.Equal(40L, await app.MessageCountAsync(dm.Id()));
        await b.SendAsync(dm.Id(), "b has its own budget");
    }
}
