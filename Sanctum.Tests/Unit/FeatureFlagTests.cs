using Microsoft.Extensions.Options;
using Sanctum.Api.Features.Admin;

namespace Sanctum.Tests.Unit;

/// <summary>Contract 13's feature-flag rule: parsing <c>name=value,...</c> and evaluating a value for a user.</summary>
public sealed class FeatureFlagTests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void Fnv1a32_matches_the_published_test_vectors(string text, uint expected) =>
        Assert.Equal(expected, FeatureFlags.Fnv1a32(text));

    [Fact]
    public void Names_and_values_are_trimmed_and_lower_cased_and_malformed_pairs_skipped()
    {
        var raw = FeatureFlags.Parse(" Dark_Mode = ON ,, junk ,=orphan, beta=25% ,empty=, dark_mode=off");

        Assert.Equal(new Dictionary<string, string> { ["dark_mode"] = "off", ["beta"] = "25%", ["empty"] = "" }, raw);
        Assert.Empty(FeatureFlags.Parse(null));
        Assert.Empty(FeatureFlags.Parse(""));
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("off", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("yes", false)]
    [InlineData("", false)]
    [InlineData("0%", false)]
    [InlineData("-5%", false)]
    [InlineData("100%", true)]
    [InlineData("250%", true)]
    [InlineData("abc%", false)]
    [InlineData("12.5%", false)]
    [InlineData("%", false)]
    public void Values_evaluate_by_the_contract_rule(string value, bool expected) =>
        Assert.Equal(expected, FeatureFlags.Evaluate("flag", value, userId: 42));

    [Fact]
    public void A_percentage_buckets_each_user_by_the_hash_of_name_and_id()
    {
        for (var userId = 1L; userId <= 300; userId++)
        {
            Assert.Equal(FeatureFlags.Fnv1a32($"beta:{userId}") % 100 < 30, FeatureFlags.Evaluate("beta", "30%", userId));
        }
        var enabled = Enumerable.Range(1, 2000).Count(userId => FeatureFlags.Evaluate("beta", "30%", userId));
        Assert.InRange(enabled, 450, 750);
        // The bucket depends on the flag's name too, so two rollouts do not pick the same users.
        Assert.Contains(Enumerable.Range(1, 200), userId => FeatureFlags.Evaluate("a", "50%", userId) != FeatureFlags.Evaluate("b", "50%", userId));
    }

    [Fact]
    public void User_zero_is_never_in_a_partial_rollout()
    {
        Assert.False(FeatureFlags.Evaluate("beta", "99%", 0));
        Assert.True(FeatureFlags.Evaluate("beta", "100%", 0));
        Assert.True(FeatureFlags.Evaluate("beta", "on", 0));
    }

    [Fact]
    public void Evaluation_for_a_user_covers_every_configured_flag()
    {
        var flags = new FeatureFlags(Options.Create(new FeatureFlagOptions { Flags = "a=on,b=off,c=100%" }));

        Assert.Equal(new Dictionary<string, bool> { ["a"] = true, ["b"] = false, ["c"] = true }, flags.EvaluateFor(7));
    }
}
