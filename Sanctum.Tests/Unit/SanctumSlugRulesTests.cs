using Sanctum.Api.Features.Sanctums;

namespace Sanctum.Tests.Unit;

public sealed class SanctumSlugRulesTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("a-b")]
    [InlineData("retro-games-2024")]
    [InlineData("abcdefghijklmnopqrstuvwx")]
    public void Valid_slugs_pass(string slug) => Assert.Null(SanctumSlugRules.Check(slug));

    [Theory]
    [InlineData("", SanctumSlugRules.FormatMessage)]
    [InlineData("ab", SanctumSlugRules.FormatMessage)]
    [InlineData("abcdefghijklmnopqrstuvwxy", SanctumSlugRules.FormatMessage)]
    [InlineData("Abc", SanctumSlugRules.FormatMessage)]
    [InlineData("a_b", SanctumSlugRules.FormatMessage)]
    [InlineData("a b", SanctumSlugRules.FormatMessage)]
    [InlineData("-ab", SanctumSlugRules.HyphenMessage)]
    [InlineData("ab-", SanctumSlugRules.HyphenMessage)]
    [InlineData("---", SanctumSlugRules.HyphenMessage)]
    [InlineData("api", SanctumSlugRules.ReservedMessage)]
    [InlineData("conversations", SanctumSlugRules.ReservedMessage)]
    public void Broken_rules_report_the_first_message(string slug, string message) => Assert.Equal(message, SanctumSlugRules.Check(slug));

    [Fact]
    public void All_nineteen_reserved_words_are_refused() =>
        Assert.All(SanctumSlugRules.Reserved, word => Assert.Equal(
            word.Length < 3 ? SanctumSlugRules.FormatMessage : SanctumSlugRules.ReservedMessage, SanctumSlugRules.Check(word)));
}
