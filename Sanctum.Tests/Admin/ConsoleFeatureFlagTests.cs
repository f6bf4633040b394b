using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Admin;

/// <summary><c>GET /api/admin/feature-flags</c> against the flags the fixture configures (<c>FeatureFlags__Flags</c>).</summary>
[Collection(AppCollection.Name)]
public sealed class ConsoleFeatureFlagTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Flags_are_listed_raw_and_evaluated_for_the_calling_admin()
    {
        var admin = await app.CreateAdminAsync();

        var flags = await admin.GetOkAsync("/api/admin/feature-flags");

        var raw = flags.GetProperty("raw").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            ["new_feed"] = "on", ["beta"] = "50%", ["none"] = "0%", ["all"] = "100%", ["off_flag"] = "off", ["odd"] = "maybe",
        }, raw);
        var evaluated = flags.GetProperty("evaluated").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetBoolean());
        Assert.Equal(new Dictionary<string, bool>
        {
            ["new_feed"] = true, ["beta"] = Fnv1a32($"beta:{admin.Id}") % 100 < 50, ["none"] = false, ["all"] = true,
            ["off_flag"] = false, ["odd"] = false,
        }, evaluated);
    }

    /// <summary>Written out here rather than taken from the API, so the test checks the rule, not the code.</summary>
    private static uint Fnv1a32(string text)
    {
        var hash = 0x811C9DC5u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 0x01000193u;
        }
        return hash;
    }
}
