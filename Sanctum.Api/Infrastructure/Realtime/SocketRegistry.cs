using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>Why a socket was refused by the caps of contract 12.1.</summary>
public enum Refusal
{
    None,
    UserLimit,
    ServerLimit,
    RoomFull,
    TooManyRooms,
}

/// <summary>
/// The open sockets of this replica, by kind, user and game room, with the caps of contract 12.1 (per process, as in
/// the original: a user may hold the per-user number of sockets on each replica). Changes take one lock; lookups on
/// the delivery path read immutable arrays and never lock.
/// </summary>
public sealed class SocketRegistry(IOptions<RealtimeOptions> options)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<long, SocketConnection>[] _byKind = [new(), new(), new()];
    private readonly ConcurrentDictionary<(SocketKind Kind, long UserId), SocketConnection[]> _byUser = new();
    private readonly ConcurrentDictionary<long, SocketConnection[]> _rooms = new();
    private bool _shuttingDown;

    /// <summary>Registers the socket unless a cap refuses it. A user reopening a game room's socket replaces the
    /// old one, which is closed.</summary>
    public Refusal TryAdd(SocketConnection connection)
    {
        var limits = options.Value;
        SocketConnection? replaced = null;
        bool shuttingDown;
        lock (_gate)
        {
            var key = (connection.Kind, connection.UserId);
            var mine = _byUser.GetValueOrDefault(key, []);
            switch (connection.Kind)
            {
                case SocketKind.Notifications when _byKind[(int)SocketKind.Notifications].Count >= limits.NotificationsTotal:
                    return Refusal.ServerLimit;
                case SocketKind.Notifications when mine.Length >= limits.NotificationsPerUser:
                case SocketKind.Chat when mine.Length >= limits.ChatPerUser:
                    return Refusal.UserLimit;
                case SocketKind.Game:
                    var room = _rooms.GetValueOrDefault(connection.RoomId, []);
                    replaced = room.FirstOrDefault(other => other.UserId == connection.UserId);
                    if (replaced is null && room.Length >= RealtimeOptions.GameUsersPerRoom)
                    {
                        return Refusal.RoomFull;
                    }
                    if (room.Length == 0 && _rooms.Count >= limits.GameRooms)
                    {
                        return Refusal.TooManyRooms;
                    }
                    if (replaced is not null)
                    {
                        RemoveLocked(replaced);
                        room = _rooms.GetValueOrDefault(connection.RoomId, []);
                        mine = _byUser.GetValueOrDefault(key, []);
                    }
                    _rooms[connection.RoomId] = [.. room, connection];
                    break;
            }
            _byUser[key] = [.. mine, connection];
            _byKind[(int)connection.Kind][connection.Id] = connection;
            shuttingDown = _shuttingDown;
        }
        replaced?.Close(WebSocketCloseStatus.PolicyViolation, "replaced by a new connection");
        if (shuttingDown)
        {
            CloseGoingAway(connection);
        }
        return Refusal.None;
    }

    /// <summary>
    /// At shutdown: closes every socket with 1001 "going away", and every socket registered from now on as soon as it
    /// is. A socket is registered only after its 101 has gone out, so without the second part a socket whose handshake
    /// was answered just before the signal (or during the readiness delay) would miss the 1001 and be reset when
    /// Kestrel aborts the connections at the end of the grace period. The flag and the registrations share the lock, so
    /// each socket is either in the snapshot taken here or sees the flag in <see cref="TryAdd"/>.
    /// </summary>
    public void CloseAll()
    {
        SocketConnection[] open;
        lock (_gate)
        {
            _shuttingDown = true;
            open = [.. Everything()];
        }
        foreach (var connection in open)
        {
            CloseGoingAway(connection);
        }
    }

    public void Remove(SocketConnection connection)
    {
        lock (_gate)
        {
            RemoveLocked(connection);
        }
    }

    /// <summary>Every socket of the kind on this replica (enumerated without a lock or a copy).</summary>
    public IEnumerable<SocketConnection> All(SocketKind kind)
    {
        foreach (var (_, connection) in _byKind[(int)kind])
        {
            yield return connection;
        }
    }

    public SocketConnection[] ForUser(SocketKind kind, long userId) => _byUser.GetValueOrDefault((kind, userId), []);

    public SocketConnection[] InRoom(long roomId) => _rooms.GetValueOrDefault(roomId, []);

    /// <summary>Whether the user has a notifications or chat socket here (presence counts those two).</summary>
    public bool IsPresent(long userId) => ForUser(SocketKind.Notifications, userId).Length > 0 || ForUser(SocketKind.Chat, userId).Length > 0;

    /// <summary>The users with a notifications or chat socket here.</summary>
    public HashSet<long> PresentUsers() =>
        _byUser.Where(pair => pair.Key.Kind != SocketKind.Game && pair.Value.Length > 0).Select(pair => pair.Key.UserId).ToHashSet();

    /// <summary>Every socket of every kind, e.g. to close them all at shutdown or for a ban.</summary>
    public IEnumerable<SocketConnection> Everything() => _byKind.SelectMany(kind => kind.Values);

    private static void CloseGoingAway(SocketConnection connection) =>
        connection.Close(WebSocketCloseStatus.EndpointUnavailable, "Server is shutting down");

    private void RemoveLocked(SocketConnection connection)
    {
        if (!_byKind[(int)connection.Kind].TryRemove(connection.Id, out _))
        {
            return;
        }
        var key = (connection.Kind, connection.UserId);
        var rest = _byUser.GetValueOrDefault(key, []).Where(other => other != connection).ToArray();
        if (rest.Length == 0)
        {
            _byUser.TryRemove(key, out _);
        }
        else
        {
            _byUser[key] = rest;
        }
        if (connection.Kind == SocketKind.Game)
        {
            var room = _rooms.GetValueOrDefault(connection.RoomId, []).Where(other => other != connection).ToArray();
            if (room.Length == 0)
            {
                _rooms.TryRemove(connection.RoomId, out _);
            }
            else
            {
                _rooms[connection.RoomId] = room;
            }
        }
    }
}
