using Sanctum.Api.Features.Chatrooms;
using Sanctum.Api.Features.Reports;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Admin;

/// <summary>The admin console of contract 13 (reports, ban requests, user search and detail, feature flags). The admin
/// gate is the route's policy; every user these return is built for the calling admin.</summary>
public sealed class AdminConsoleService(AdminReportStore reports, AdminUserConsoleStore users, UserService userService, FeatureFlags flags,
    ChatroomModerationService chatrooms)
{
    public Task<IReadOnlyList<ModerationReportDto>> ListReportsAsync(AdminReportListQuery query, Caller admin, CancellationToken cancellationToken) =>
        reports.ListAsync(NullIfEmpty(query.Status), NullIfEmpty(query.TargetType),
            Paging.Of(query.Limit, query.Offset, AdminConsolePaging.DefaultLimit), admin, cancellationToken);

    /// <summary>Re-resolving is allowed (contract 13): the latest resolution replaces the earlier one.</summary>
    public async Task<Result<ModerationReportDto>> ResolveReportAsync(long id, ResolveReportRequest request, Caller admin, CancellationToken cancellationToken) =>
        await reports.ResolveAsync(id, request.NormalizedStatus, request.TrimmedNote, admin.UserId, admin, cancellationToken) is { } report
            ? report
            : Error.NotFound("ModerationReport", id);

    public Task<IReadOnlyList<AdminBanRequestDto>> ListBanRequestsAsync(AdminBanRequestListQuery query, Caller admin, CancellationToken cancellationToken) =>
        reports.ListBanRequestsAsync(Paging.Of(query.Limit, query.Offset, AdminConsolePaging.DefaultLimit), admin, cancellationToken);

    public async Task<IReadOnlyList<UserDto>> SearchUsersAsync(AdminUserSearchQuery query, Caller admin, CancellationToken cancellationToken)
    {
        var rows = await users.SearchAsync((query.Q ?? "").Trim(), Paging.Of(query.Limit, query.Offset, AdminConsolePaging.DefaultLimit), cancellationToken);
        return rows.Select(row => row.ToDto(admin)).ToList();
    }

    public async Task<Result<AdminUserDetailResponse>> GetUserDetailAsync(long id, Caller admin, CancellationToken cancellationToken)
    {
        var user = await userService.GetAsync(id, admin, cancellationToken);
        if (user.Error is { } error)
        {
            return error;
        }
        const int cap = AdminConsolePaging.DetailCap;
        return new AdminUserDetailResponse(
            user.Value!,
            await reports.ListAgainstUserAsync(id, cap, admin, cancellationToken),
            await chatrooms.ListMutesOfUserAsync(id, cap, admin, cancellationToken),
            await users.ListBlocksAsync(id, given: true, cap, admin, cancellationToken),
            await users.ListBlocksAsync(id, given: false, cap, admin, cancellationToken));
    }

    public FeatureFlagsResponse GetFeatureFlags(Caller admin) => new(flags.Raw, flags.EvaluateFor(admin.UserId));

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
