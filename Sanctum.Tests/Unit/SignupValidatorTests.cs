using Sanctum.Api.Features.Auth;
using Sanctum.Api.Features.Users;

namespace Sanctum.Tests.Unit;

public sealed class SignupValidatorTests
{
    private readonly SignupRequestValidator _signup = new();
    private readonly UpdateProfileRequestValidator _profile = new();

    [Theory]
    [InlineData("abc")]
    [InlineData("a_b-c")]
    [InlineData("ABCdef123456789012345678901234")]
    public void Valid_usernames_pass(string username) =>
        Assert.True(_signup.Validate(new SignupRequest(username, "a@example.com", "Valid-Pass-123!")).IsValid);

    [Fact]
    public void Only_the_first_failure_is_reported()
    {
        var result = _signup.Validate(new SignupRequest("_x", "bad", "short"));

        var failure = Assert.Single(result.Errors);
        Assert.Equal("username must be at least 3 characters long", failure.ErrorMessage);
    }

    [Fact]
    public void Password_length_counts_bytes()
    {
        // 11 characters but 13 bytes in UTF-8.
        var result = _signup.Validate(new SignupRequest("abc", "a@example.com", "Pässwörd-1!"));

        Assert.True(result.IsValid, string.Join(", ", result.Errors));
    }

    [Fact]
    public void Unicode_upper_case_counts_as_upper_case()
    {
        Assert.True(_signup.Validate(new SignupRequest("abc", "a@example.com", "Ümlaut-pass-123")).IsValid);
    }

    [Fact]
    public void Email_longer_than_254_is_rejected()
    {
        var result = _signup.Validate(new SignupRequest("abc", new string('a', 250) + "@example.com", "Valid-Pass-123!"));

        Assert.Equal("email must not exceed 254 characters", Assert.Single(result.Errors).ErrorMessage);
    }

    [Fact]
    public void Empty_profile_fields_are_not_validated()
    {
        Assert.True(_profile.Validate(new UpdateProfileRequest("", "", "")).IsValid);
        Assert.True(_profile.Validate(new UpdateProfileRequest(null, null, null)).IsValid);
    }

    [Fact]
    public void Profile_avatar_longer_than_its_column_is_rejected()
    {
        var result = _profile.Validate(new UpdateProfileRequest(null, null, new string('a', 256)));

        Assert.Equal("Avatar URL too long (max 255 characters)", Assert.Single(result.Errors).ErrorMessage);
    }
}
