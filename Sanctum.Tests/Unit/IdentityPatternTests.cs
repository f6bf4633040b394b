using Sanctum.Api.Features.Auth;
using Sanctum.Api.Features.Sanctums;

namespace Sanctum.Tests.Unit;

/// <summary>Patterns end at the true end of input: <c>$</c> would also match before a final line feed.</summary>
public sealed class IdentityPatternTests
{
    private readonly SignupRequestValidator _signup = new();

    [Theory]
    [InlineData("alice\n")]
    [InlineData("alice\r\n")]
    [InlineData("\nalice")]
    [InlineData("ali\nce")]
    public void Usernames_with_a_line_break_are_refused(string username)
    {
        var result = _signup.Validate(new SignupRequest(username, "a@example.com", "Valid-Pass-123!"));

        Assert.Equal("username can only contain letters, numbers, underscores, and hyphens", Assert.Single(result.Errors).ErrorMessage);
    }

    [Theory]
    [InlineData("alice@example.com\n")]
    [InlineData("alice@example.com\r\n")]
    public void Emails_with_a_trailing_line_break_are_refused(string email)
    {
        var result = _signup.Validate(new SignupRequest("alice", email, "Valid-Pass-123!"));

        Assert.Equal("invalid email format", Assert.Single(result.Errors).ErrorMessage);
    }

    [Fact]
    public void Passwords_with_control_characters_are_refused()
    {
        var result = _signup.Validate(new SignupRequest("alice", "alice@example.com", "Valid-Pass-123!\0"));

        Assert.Equal("password contains invalid characters", Assert.Single(result.Errors).ErrorMessage);
    }

    [Fact]
    public void The_same_names_without_the_line_break_pass() =>
        Assert.True(_signup.Validate(new SignupRequest("alice", "alice@example.com", "Valid-Pass-123!")).IsValid);

    [Theory]
    [InlineData("abc\n")]
    [InlineData("abc\r\n")]
    [InlineData("ab\nc")]
    public void Slugs_with_a_line_break_are_refused(string slug) =>
        Assert.Equal(SanctumSlugRules.FormatMessage, SanctumSlugRules.Check(slug));
}
