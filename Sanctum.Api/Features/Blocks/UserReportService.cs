using Sanctum.Api.Features.Reports;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Blocks;

/// <summary>User reports (contract 8), beside blocks in the user menu. Filing goes through <see cref="ReportService"/>,
/// shared with post and message reports.</summary>
public sealed class UserReportService(UserService users, ReportService reports)
{
    /// <summary>Reports a user; the report names the target as its reported user. 404 for a missing user.</summary>
    public async Task<Result<ModerationReportDto>> ReportAsync(Caller caller, long userId, ReportRequest request, CancellationToken cancellationToken)
    {
        var target = await users.GetAsync(userId, caller, cancellationToken);
        if (target.Error is { } error)
        {
            return error;
        }
        return await reports.CreateAsync(caller.UserId, ReportTargets.User, userId, userId, request, cancellationToken);
    }
}
