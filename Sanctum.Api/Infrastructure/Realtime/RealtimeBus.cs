using System.Diagnostics;
using System.Net.WebSockets;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;
using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>
/// The event bus (contract 12.2, 16.2; project decision 4): an event is delivered to this replica's sockets directly
/// and published once to Redis, and every other replica delivers it to its own sockets; a replica skips its own
/// messages, so each socket receives each event exactly once.
/// <para>
/// While Redis is unreachable, local delivery goes on and sockets stay open; what clients on the <b>other</b>
/// replicas miss is every event raised meanwhile on this one (pub/sub keeps nothing for later), and bans reach only
/// this replica's sockets. Failures are logged once per burst. The subscription is made in the background at start
/// (retried until Redis answers) and restored by the Redis client after every reconnect.
/// </para>
/// </summary>
public sealed class RealtimeBus(
    IConnectionMultiplexer redis, SocketRegistry registry, LocalDelivery local, RealtimeMetrics metrics,
    DependencyFailureLog failures, ILogger<RealtimeBus> logger) : IRealtimeEvents, IHostedService
{
    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(2);

    /// <summary>This process, as the origin of its messages.</summary>
    private readonly string _origin = Guid.NewGuid().ToString("N");

    private readonly CancellationTokenSource _stopping = new();
    private Task _subscribing = Task.CompletedTask;

    public async Task PublishAsync(RealtimeEvent @event, CancellationToken cancellationToken = default)
    {
        using var activity = RealtimeMetrics.Activities.StartActivity($"realtime publish {@event.Type}", ActivityKind.Producer);
        activity?.SetTag("sanctum.realtime.type", @event.Type);
        activity?.SetTag("sanctum.realtime.socket", BusMessage.KindName(@event.Socket));
        activity?.SetTag("sanctum.realtime.audience", @event.Audience.GetType().Name);

        var frame = RealtimeFrames.Serialize(@event);
        metrics.Published(@event.Type);
        local.Deliver(@event.Socket, @event.Audience, frame);
        await RelayAsync(BusMessage.KindName(@event.Socket), @event.Audience, frame, @event.Type);
    }

    public async Task DisconnectUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        using var activity = RealtimeMetrics.Activities.StartActivity("realtime disconnect user", ActivityKind.Producer);
        CloseLocal(userId);
        await RelayAsync(BusMessage.Disconnect, EventAudience.User(userId), [], BusMessage.Disconnect);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscribing = SubscribeAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _subscribing.WaitAsync(cancellationToken);
    }

    private async Task RelayAsync(string kind, EventAudience audience, byte[] frame, string what)
    {
        var subscriber = redis.GetSubscriber();
        foreach (var (channel, message) in BusMessage.For(_origin, kind, audience, frame))
        {
            try
            {
                await subscriber.PublishAsync(channel, message);
            }
            catch (Exception ex) when (RedisCache.IsRedisFailure(ex))
            {
                metrics.NotRelayed();
                failures.Report(LogLevel.Warning, DependencyFailures.Redis, "events not relayed to other replicas", what, ex);
            }
        }
    }

    private async Task SubscribeAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var queue = await redis.GetSubscriber().SubscribeAsync(BusMessage.Subscription);
                // One queue, handled in order: events from one replica arrive in the order they were raised.
                queue.OnMessage(Receive);
                logger.LogInformation("Realtime bus subscribed to {Channel} as origin {Origin}", BusMessage.Subscription, _origin);
                return;
            }
            catch (Exception ex) when (RedisCache.IsRedisFailure(ex))
            {
                failures.Report(LogLevel.Warning, DependencyFailures.Redis, "realtime bus not subscribed yet, retrying", "subscribe", ex);
            }
            try
            {
                await Task.Delay(SubscribeRetry, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Receive(ChannelMessage received)
    {
        if (BusMessage.Decode((byte[])received.Message!) is not { } message)
        {
            logger.LogWarning("Ignored a malformed realtime bus message on {Channel}", received.Channel);
            return;
        }
        if (message.Origin == _origin)
        {
            return;
        }
        if (message.Kind == BusMessage.Disconnect)
        {
            if (message.Audience is EventAudience.UserAudience user)
            {
                CloseLocal(user.UserId);
            }
            return;
        }
        if (!Enum.TryParse<SocketKind>(message.Kind, ignoreCase: true, out var kind))
        {
            logger.LogWarning("Ignored a realtime bus message for unknown socket kind {Kind}", message.Kind);
            return;
        }
        local.Deliver(kind, message.Audience, message.Frame);
    }

    private void CloseLocal(long userId)
    {
        foreach (var kind in Enum.GetValues<SocketKind>())
        {
            foreach (var connection in registry.ForUser(kind, userId))
            {
                connection.Close(WebSocketCloseStatus.PolicyViolation, "Account is banned");
            }
        }
    }
}
