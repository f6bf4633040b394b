using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Games;

/// <summary>Games over REST (contract 11); play itself is on the game socket (<see cref="IGameplay"/>).</summary>
public static class GamesApi
{
    public static RouteGroupBuilder MapGamesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/games").WithTags("Games").RequireAuthorization();

        group.MapPost("/rooms", CreateGameRoom).WithName(nameof(CreateGameRoom)).WithValidation<CreateGameRoomRequest>();
        group.MapGet("/rooms/active", ListActiveGameRooms).WithName(nameof(ListActiveGameRooms)).WithValidation<ActiveRoomsQuery>();
        group.MapGet("/rooms/{id}", GetGameRoom).WithName(nameof(GetGameRoom));
        group.MapPost("/rooms/{id}/leave", LeaveGameRoom).WithName(nameof(LeaveGameRoom));
        group.MapGet("/stats/{type}", GetGameStats).WithName(nameof(GetGameStats)).WithValidation<GameStatsRoute>();
        return group;
    }

    /// <summary>201 with a new pending room, or 200 with the caller's existing one of that type.</summary>
    public static async Task<Results<Created<GameRoomDto>, Ok<GameRoomDto>, ProblemHttpResult>> CreateGameRoom(
        CreateGameRoomRequest request, ClaimsPrincipal user, GameService games, CancellationToken cancellationToken)
    {
        var result = await games.CreateRoomAsync(user.GetCaller(), request.Type, cancellationToken);
        if (result.Error is { } error)
        {
            return error.ToProblem();
        }

        var (room, created) = result.Value!;
        return created ? TypedResults.Created($"/api/games/rooms/{room.Id}", room) : TypedResults.Ok(room);
    }

    public static async Task<Ok<IReadOnlyList<GameRoomDto>>> ListActiveGameRooms(
        [AsParameters] ActiveRoomsQuery query, ClaimsPrincipal user, GameService games, CancellationToken cancellationToken) =>
        TypedResults.Ok(await games.ListActiveAsync(user.GetCaller(), query, cancellationToken));

    public static async Task<Results<Ok<GameRoomDto>, ProblemHttpResult>> GetGameRoom(
        long id, ClaimsPrincipal user, GameService games, CancellationToken cancellationToken) =>
        (await games.GetRoomAsync(user.GetCaller(), id, cancellationToken)).ToOk();

    public static async Task<Results<Ok<LeaveRoomResponse>, ProblemHttpResult>> LeaveGameRoom(
        long id, ClaimsPrincipal user, GameService games, CancellationToken cancellationToken) =>
        (await games.LeaveAsync(user.GetCaller(), id, cancellationToken)).ToOk();

    /// <summary>The caller's stats; a type longer than the column (50) is bad input (400), as any text is.</summary>
    public static async Task<Ok<GameStatsDto>> GetGameStats(
        [AsParameters] GameStatsRoute route, ClaimsPrincipal user, GameService games, CancellationToken cancellationToken) =>
        TypedResults.Ok(await games.StatsAsync(user.GetCaller(), route.Type, cancellationToken));
}
