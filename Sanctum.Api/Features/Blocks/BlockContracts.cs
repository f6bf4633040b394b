using Sanctum.Api.Features.Users;

namespace Sanctum.Api.Features.Blocks;

/// <summary>The UserBlock object of contract 0.6. <c>blocks/me</c> embeds <c>blocked</c> only (the blocker is the
/// caller); a null relation is left out.</summary>
public sealed record UserBlockDto(
    long Id,
    long BlockerId,
    long BlockedId,
    DateTime CreatedAt,
    UserDto? Blocker = null,
    UserDto? Blocked = null);

/// <summary>A user_blocks row as the store reads it.</summary>
public sealed record UserBlockRow(long Id, long BlockerId, long BlockedId, DateTime CreatedAt);
