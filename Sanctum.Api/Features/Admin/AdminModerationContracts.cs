using System.Text.Json.Serialization;
using FluentValidation;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Admin;

/// <summary><c>POST /api/admin/users/:id/ban</c>: the body is required, the reason optional and trimmed.</summary>
public sealed record BanUserRequest(string? Reason)
{
    /// <summary>The column is TEXT; this cap is Sanctum's own, so a reason stays readable in the admin console.</summary>
    public const int MaxReasonLength = 1000;

    [JsonIgnore]
    public string TrimmedReason => (Reason ?? "").Trim();
}

/// <summary>The reason is checked as it is stored: trimmed.</summary>
public sealed class BanUserRequestValidator : AbstractValidator<BanUserRequest>
{
    public BanUserRequestValidator() =>
        RuleFor(request => request.TrimmedReason)
            .ValidText(BanUserRequest.MaxReasonLength, "reason", multiline: true,
                tooLongMessage: $"reason must not exceed {BanUserRequest.MaxReasonLength} characters")
            .OverridePropertyName("reason");
}
