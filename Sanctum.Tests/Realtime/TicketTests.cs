using System.Text.RegularExpressions;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

[Collection(AppCollection.Name)]
public sealed partial class TicketTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Ticket_is_64_lowercase_hex_valid_for_60_seconds()
    {
        var user = await app.SignupAsync();

        var body = await (await user.Client.PostAsync("/api/ws/ticket", null)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Matches(Hex64(), body.GetProperty("ticket").GetString());
        Assert.Equal(60, body.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task Ticket_requires_authentication()
    {
        await (await app.CreateClient().PostAsync("/api/ws/ticket", null))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Authorization required");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Hex64();
}
