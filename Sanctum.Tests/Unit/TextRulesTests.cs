using FluentValidation;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Tests.Unit;

public sealed class TextRulesTests
{
    private sealed record Body(string? Text);

    private sealed class SingleLine : AbstractValidator<Body>
    {
        public SingleLine()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(body => body.Text).ValidText(5, "text");
        }
    }

    private sealed class MultiLine : AbstractValidator<Body>
    {
        public MultiLine() => RuleFor(body => body.Text).ValidText(50, "text", multiline: true);
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("\u0001")]
    [InlineData("a\u001fb")]
    [InlineData("a\u007fb")]
    public void Control_characters_are_refused_everywhere(string text)
    {
        Assert.False(TextRules.IsClean(text, multiline: true));
        Assert.False(TextRules.IsClean(text, multiline: false));
    }

    /// <summary>Built at run time: attribute strings are stored as UTF-8, which cannot hold a lone surrogate.</summary>
    [Fact]
    public void Lone_surrogates_are_refused_and_pairs_are_kept()
    {
        string[] broken = [new string('\ud800', 1), "a" + '\udc00' + "b", '\ud800' + "a", "a" + '\udc00' + '\ud800'];
        Assert.All(broken, text => Assert.False(TextRules.IsClean(text, multiline: true)));
        Assert.True(TextRules.IsClean("a" + '\ud83d' + '\ude00', multiline: false));
    }

    [Theory]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\r\nb")]
    public void Tab_and_line_breaks_are_free_text_only(string text)
    {
        Assert.True(TextRules.IsClean(text, multiline: true));
        Assert.False(TextRules.IsClean(text, multiline: false));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain ascii")]
    [InlineData("émoji 😀 and 中文")]
    public void Ordinary_text_is_clean(string? text) => Assert.True(TextRules.IsClean(text, multiline: false));

    [Fact]
    public void The_rule_reports_characters_before_length_with_the_field_name()
    {
        var validator = new SingleLine();

        Assert.Equal("text contains invalid characters", Assert.Single(validator.Validate(new Body("a\0bcdefgh")).Errors).ErrorMessage);
        Assert.Equal("text too long (max 5 characters)", Assert.Single(validator.Validate(new Body("abcdef")).Errors).ErrorMessage);
        Assert.True(validator.Validate(new Body("abcde")).IsValid);
        Assert.True(validator.Validate(new Body(null)).IsValid);
    }

    [Fact]
    public void Free_text_keeps_its_line_breaks() =>
        Assert.True(new MultiLine().Validate(new Body("line\r\nline\tcell")).IsValid);
}
