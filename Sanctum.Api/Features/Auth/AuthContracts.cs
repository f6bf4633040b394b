using FluentValidation;
using Sanctum.Api.Features.Users;

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
