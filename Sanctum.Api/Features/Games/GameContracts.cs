using FluentValidation;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Games;

/// <summary>The GameRoom object of contract 0.6: <c>configuration</c> and <c>current_state</c> are JSON carried as strings,
/// and creator, opponent and winner are always written, as a zero User when missing.</summary>
public sealed record GameRoomDto(
    long Id,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string Type,
    string Status,
    long? CreatorId,
    long? OpponentId,
    long? WinnerId,
    bool IsDraw,
    string Configuration,
    string CurrentState,
    long NextTurnId,
    UserDto Creator,
    UserDto Opponent,
    UserDto Winner);

/// <summary>The GameStats object of contract 0.6, also the game_stats row.</summary>
public sealed record GameStatsDto(long Id, long UserId, string GameType, int Wins, int Losses, int Draws, int TotalGames, int Points);

/// <summary><c>POST /api/games/rooms</c>: any type (even empty) makes a room (contract 11), at most the column's 50 characters.</summary>
public sealed record CreateGameRoomRequest(string? Type);

/// <summary><c>GET /api/games/rooms/active</c>: pending rooms, optionally of one type; limit/offset default to and are
/// capped at <see cref="Paging.ListCap"/>.</summary>
public sealed record ActiveRoomsQuery(string? Type = null, QueryInt? Limit = null, QueryInt? Offset = null);

/// <summary><c>GET /api/games/stats/:type</c>.</summary>
public sealed record GameStatsRoute(string Type);

/// <summary><c>POST /api/games/rooms/:id/leave</c>.</summary>
public sealed record LeaveRoomResponse(string Message, string Status);

/// <summary>Payload of <c>game_cancelled</c>.</summary>
public sealed record GameCancelledPayload(string Message);

/// <summary>A created or reused room: 201 when <see cref="Created"/>, 200 for the caller's existing pending room.</summary>
public sealed record CreatedRoom(GameRoomDto Room, bool Created);

public static class GameStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Finished = "finished";
    public const string Cancelled = "cancelled";
}

/// <summary>A game_rooms row with its users (null when missing), as the store reads it.</summary>
public sealed class GameRoomRow
{
    public long Id { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public string Type { get; init; } = "";
    public string Status { get; init; } = "";
    public long? CreatorId { get; init; }
    public long? OpponentId { get; init; }
    public long? WinnerId { get; init; }
    public bool IsDraw { get; init; }
    public string Configuration { get; init; } = "{}";
    public string CurrentState { get; init; } = "{}";
    public long NextTurnId { get; init; }
    public UserRow? Creator { get; set; }
    public UserRow? Opponent { get; set; }
    public UserRow? Winner { get; set; }

    public bool Involves(long userId) => CreatorId == userId || OpponentId == userId;

    public GameRoomDto ToDto(Caller viewer) => new(Id, CreatedAt, UpdatedAt, Type, Status, CreatorId, OpponentId, WinnerId, IsDraw,
        Configuration, CurrentState, NextTurnId, ZeroUser.Or(Creator, viewer), ZeroUser.Or(Opponent, viewer), ZeroUser.Or(Winner, viewer));
}

/// <summary>The zero User of contract 0.6 (id 0, empty strings, zero UTC times) for a missing relation.</summary>
public static class ZeroUser
{
    private static readonly DateTime ZeroTime = DateTime.SpecifyKind(default, DateTimeKind.Utc);

    public static readonly UserDto Value = new(0, "", "", "", "", false, false, null, null, null, ZeroTime, ZeroTime);

    public static UserDto Or(UserRow? user, Caller viewer) => user?.ToDto(viewer) ?? Value;
}

public sealed class CreateGameRoomRequestValidator : AbstractValidator<CreateGameRoomRequest>
{
    public const int MaxType = 50;

    public CreateGameRoomRequestValidator() => RuleFor(request => request.Type).ValidText(MaxType, "type");
}

public sealed class ActiveRoomsQueryValidator : AbstractValidator<ActiveRoomsQuery>
{
    public ActiveRoomsQueryValidator() => RuleFor(query => query.Type).ValidText(CreateGameRoomRequestValidator.MaxType, "type");
}

public sealed class GameStatsRouteValidator : AbstractValidator<GameStatsRoute>
{
    public GameStatsRouteValidator() => RuleFor(route => route.Type).ValidText(CreateGameRoomRequestValidator.MaxType, "type");
}
