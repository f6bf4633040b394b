using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Tests.Unit;

/// <summary>The signing algorithm is pinned to HS256 and a few seconds of clock skew are tolerated, for both token kinds.</summary>
public sealed class TokenValidationTests
{
    private static readonly JwtOptions Jwt = new() { SigningKey = new string('k', 64) };
    private readonly JsonWebTokenHandler _handler = new();

    [Fact]
    public async Task An_access_token_signed_by_the_factory_is_valid()
    {
        var token = Factory(TimeSpan.Zero).CreateAccessToken(1, "alice").Token;

        Assert.True((await _handler.ValidateTokenAsync(token, Jwt.AccessTokenValidation())).IsValid);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha512)]
    [InlineData(SecurityAlgorithms.HmacSha384)]
    public async Task An_access_token_signed_with_the_same_key_but_another_algorithm_is_refused(string algorithm)
    {
        var token = HandMade(JwtOptions.AccessAudience, algorithm);

        var result = await _handler.ValidateTokenAsync(token, Jwt.AccessTokenValidation());

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task An_unsigned_access_token_is_refused()
    {
        var result = await _handler.ValidateTokenAsync(Unsigned(JwtOptions.AccessAudience), Jwt.AccessTokenValidation());

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task A_refresh_token_signed_with_another_algorithm_or_unsigned_is_refused()
    {
        var factory = Factory(TimeSpan.Zero);

        Assert.Equal("Invalid or expired refresh token", (await factory.ReadRefreshTokenAsync(HandMade(JwtOptions.RefreshAudience, SecurityAlgorithms.HmacSha512))).Error);
        Assert.Equal("Invalid or expired refresh token", (await factory.ReadRefreshTokenAsync(Unsigned(JwtOptions.RefreshAudience))).Error);
        Assert.Null((await factory.ReadRefreshTokenAsync(HandMade(JwtOptions.RefreshAudience, SecurityAlgorithms.HmacSha256))).Error);
    }

    [Theory]
    [InlineData(3, true)]      // issued by a replica whose clock is 3 s ahead: nbf is 3 s in the future
    [InlineData(-903, true)]   // issued 15 min 3 s ago: expired 3 s ago
    [InlineData(10, false)]
    [InlineData(-910, false)]
    public async Task A_few_seconds_of_clock_skew_are_tolerated(int issuerOffsetSeconds, bool valid)
    {
        var factory = Factory(TimeSpan.FromSeconds(issuerOffsetSeconds));
        var access = factory.CreateAccessToken(1, "alice").Token;

        Assert.Equal(valid, (await _handler.ValidateTokenAsync(access, Jwt.AccessTokenValidation())).IsValid);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(10, false)]
    public async Task Refresh_tokens_get_the_same_tolerance(int issuerOffsetSeconds, bool valid)
    {
        var refresh = Factory(TimeSpan.FromSeconds(issuerOffsetSeconds)).CreateRefreshToken(1, TokenFactory.NewFamily()).Token;

        Assert.Equal(valid, (await Factory(TimeSpan.Zero).ReadRefreshTokenAsync(refresh)).Claims is not null);
    }

    private static TokenFactory Factory(TimeSpan offset) => new(Options.Create(Jwt), new OffsetClock(offset));

    private static Dictionary<string, object> Claims() => new()
    {
        ["sub"] = "1",
        ["username"] = "alice",
        ["jti"] = "1700000000-0badcafe",
        ["fam"] = TokenFactory.NewFamily(),
    };

    private static string HandMade(string audience, string algorithm)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtOptions.Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = Claims(),
            SigningCredentials = new SigningCredentials(Jwt.SecurityKey, algorithm),
        });
    }

    private static string Unsigned(string audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>(Claims())
        {
            ["iss"] = JwtOptions.Issuer,
            ["aud"] = audience,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 300,
        };
        return $"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{Base64Url(JsonSerializer.Serialize(payload))}.";
    }

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    private sealed class OffsetClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
