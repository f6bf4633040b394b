using FluentValidation;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Auth;

public sealed record SignupRequest(string? Username, string? Email, string? Password);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record LogoutRequest(string? RefreshToken);

public sealed record AuthResponse(string Token, string RefreshToken, UserDto User);

public sealed record TokenPair(string Token, string RefreshToken);

public sealed record MessageResponse(string Message);

public sealed class SignupRequestValidator : AbstractValidator<SignupRequest>
{
    public SignupRequestValidator()
    {
        // The original reports one problem at a time, in this order.
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request)
            .Must(request => !string.IsNullOrEmpty(request.Username) && !string.IsNullOrEmpty(request.Email) && !string.IsNullOrEmpty(request.Password))
            .WithMessage("Username, email, and password are required")
            .OverridePropertyName("request");
        RuleFor(request => request.Username!).ValidUsername();
        RuleFor(request => request.Email!).ValidEmail();
        RuleFor(request => request.Password!).StrongPassword();
    }
}

/// <summary>Bounds for the texts of login, refresh and logout. Credentials are only compared, never stored, but the
/// email reaches a query, and nothing unbounded should reach the password hasher.</summary>
public static class CredentialLimits
{
    public const int Email = 254;
    public const int Password = 1024;

    /// <summary>A refresh token is a JWT of a few hundred characters.</summary>
    public const int Token = 4096;
}

/// <summary>The body is optional (contract 1.3); an empty email or password is the service's 401, as in the original.</summary>
public sealed class LoginRequestValidator : AbstractValidator<LoginRequest>
{
    public LoginRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request.Email).ValidText(CredentialLimits.Email, "email");
        RuleFor(request => request.Password).ValidText(CredentialLimits.Password, "password");
    }
}

public sealed class RefreshRequestValidator : AbstractValidator<RefreshRequest>
{
    public RefreshRequestValidator() =>
        RuleFor(request => request.RefreshToken).ValidText(CredentialLimits.Token, "refresh_token");
}

public sealed class LogoutRequestValidator : AbstractValidator<LogoutRequest>
{
    public LogoutRequestValidator() =>
        RuleFor(request => request.RefreshToken).ValidText(CredentialLimits.Token, "refresh_token");
}
