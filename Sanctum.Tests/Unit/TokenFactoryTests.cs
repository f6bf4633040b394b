using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Tests.Unit;

public sealed partial class TokenFactoryTests
{
    private readonly TokenFactory _factory = Factory(new string('a', 64));

    [Fact]
    public void Access_token_has_the_contract_claims()
    {
        var issued = _factory.CreateAccessToken(42, "alice");
        var token = new JsonWebToken(issued.Token);

        Assert.Equal("HS256", token.Alg);
        Assert.Equal("42", token.GetClaim("sub").Value);
        Assert.Equal("alice", token.GetClaim("username").Value);
        Assert.Equal("sanctum-api", token.Issuer);
        Assert.Matches(Jti(), token.Id);
        Assert.Equal(issued.Jti, token.Id);
        Assert.Equal(TimeSpan.FromMinutes(15), token.ValidTo - token.IssuedAt);
        Assert.Equal(token.IssuedAt, token.ValidFrom);

        // The audience is a plain string, not an array, as the original client expects.
        var payload = System.Text.Json.JsonDocument.Parse(Base64UrlEncoder.Decode(issued.Token.Split('.')[1])).RootElement;
        Assert.Equal(System.Text.Json.JsonValueKind.String, payload.GetProperty("aud").ValueKind);
        Assert.Equal("sanctum-client", payload.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Refresh_token_reads_back_with_its_family_and_lives_seven_days()
    {
        var family = TokenFactory.NewFamily();
        var issued = _factory.CreateRefreshToken(7, family);

        var (claims, error) = await _factory.ReadRefreshTokenAsync(issued.Token);

        Assert.Null(error);
        Assert.Equal(7, claims!.UserId);
        Assert.Equal(issued.Jti, claims.Jti);
        Assert.Equal(family, claims.Family);
        var token = new JsonWebToken(issued.Token);
        Assert.Equal(TimeSpan.FromDays(7), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public async Task Access_token_is_not_a_refresh_token()
    {
        var (claims, error) = await _factory.ReadRefreshTokenAsync(_factory.CreateAccessToken(1, "a").Token);

        Assert.Null(claims);
        Assert.Equal("Invalid token type", error);
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_rejected()
    {
        var other = Factory(new string('b', 64));

        var (claims, error) = await _factory.ReadRefreshTokenAsync(other.CreateRefreshToken(1, TokenFactory.NewFamily()).Token);

        Assert.Null(claims);
        Assert.Equal("Invalid or expired refresh token", error);
    }

    private static TokenFactory Factory(string key) =>
        new(Microsoft.Extensions.Options.Options.Create(new JwtOptions { SigningKey = key }), TimeProvider.System);

    [GeneratedRegex("^[0-9]+-[0-9a-f]{8}$")]
    private static partial Regex Jti();
}
