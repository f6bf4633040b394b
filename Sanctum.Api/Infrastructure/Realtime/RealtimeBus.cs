using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;
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
    IConnectionMultiplexer redis, SocketRegistry registry, ConversationViewers viewers, LocalDelivery local, RealtimeMetrics metrics,
    DependencyFailureLog failures, ILogger<RealtimeBus> logger) : IRealtimeEvents, IHostedLifecycleService
{
    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(2);

    /// <summary>Events raised but not yet fanned out; past this, a burst is shed rather than held in memory.</summary>
    private const int PendingCapacity = 10_000;

    private readonly Channel<PendingEvent> _pending = Channel.CreateBounded<PendingEvent>(
        new BoundedChannelOptions(PendingCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>This process, as the origin of its messages.</summary>
    private readonly string _origin = Guid.NewGuid().ToString("N");

    private readonly CancellationTokenSource _stopping = new();
    private Task _subscribing = Task.CompletedTask;
    private Task _fanningOut = Task.CompletedTask;
    private int _shedding;
    private volatile bool _stopped;

    /// <summary>Queues the event and returns: the fan-out (serializing once, handing the frame to every local socket of
    /// the audience, publishing for the other replicas) runs on the bus's own loop, in the order events were raised,
    /// so the request that raised it answers without waiting on hundreds of sockets or on Redis.</summary>
    public Task PublishAsync(RealtimeEvent @event, CancellationToken cancellationToken = default)
    {
        if (_pending.Writer.TryWrite(new PendingEvent(@event, Activity.Current?.Context ?? default)))
        {
            Interlocked.Exchange(ref _shedding, 0);
        }
        else if (_stopped)
        {
            // Raised after the host stopped (a socket's goodbye): nobody is left to deliver it to here.
            metrics.Dropped(@event.Socket, "shutdown");
        }
        else
        {
            metrics.Dropped(@event.Socket, "bus_full");
            // Once per episode of overload, not once per event.
            if (Interlocked.Exchange(ref _shedding, 1) == 0)
            {
                logger.LogWarning("Realtime events are being dropped: {Capacity} are already waiting for fan-out", PendingCapacity);
            }
        }
        return Task.CompletedTask;
    }

    public Task DisconnectUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        using var activity = RealtimeMetrics.Activities.StartActivity("realtime disconnect user", ActivityKind.Producer);
        CloseLocal(userId);
        Relay(BusMessage.Disconnect, EventAudience.User(userId), [], BusMessage.Disconnect);
        return Task.CompletedTask;
    }

    /// <summary>Queued behind the events already raised, so the removed viewer still gets those and nothing after.</summary>
    public Task StopViewingAsync(long conversationId, long userId, CancellationToken cancellationToken = default)
    {
        if (!_pending.Writer.TryWrite(new PendingEvent(null, default, new Unview(conversationId, userId))))
        {
            // The fan-out is shedding; the removal must not be lost with it.
            viewers.Leave(userId, conversationId);
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscribing = SubscribeAsync(_stopping.Token);
        _fanningOut = FanOutAsync();
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing yet: the web server stops after the hosted services, and the requests it lets finish may still
    /// raise events. The bus stops in <see cref="StoppedAsync"/>, once the server is done.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Fans out what is already queued, then stops (within what is left of the host's shutdown timeout).</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        _pending.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_subscribing, _fanningOut).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Realtime bus stopped before its queue was fanned out: the shutdown timeout ran out");
        }
    }

    private async Task FanOutAsync()
    {
        await foreach (var pending in _pending.Reader.ReadAllAsync())
        {
            if (pending.Unview is { } unview)
            {
                viewers.Leave(unview.UserId, unview.ConversationId);
                var (channel, message) = BusMessage.ForUnview(_origin, unview.ConversationId, unview.UserId);
                _ = ObserveAsync(redis.GetSubscriber().PublishAsync(channel, message), BusMessage.Unview);
                continue;
            }
            var @event = pending.Event!;
            using var activity = RealtimeMetrics.Activities.StartActivity($"realtime publish {@event.Type}", ActivityKind.Producer, pending.Parent);
            activity?.SetTag("sanctum.realtime.type", @event.Type);
            activity?.SetTag("sanctum.realtime.socket", BusMessage.KindName(@event.Socket));
            activity?.SetTag("sanctum.realtime.audience", @event.Audience.GetType().Name);
            try
            {
                var frame = RealtimeFrames.Serialize(@event);
                metrics.Published(@event.Type);
                local.Deliver(@event.Socket, @event.Audience, frame);
                Relay(BusMessage.KindName(@event.Socket), @event.Audience, frame, @event.Type);
            }
            catch (Exception ex)
            {
                // One bad event (say, a payload type missing from SanctumJsonContext, which JsonRegistrationTests exists
                // to catch first) is a bug in its feature; it must not end the loop that delivers everyone's events.
                logger.LogError(ex, "Realtime event {Type} could not be fanned out and was dropped", @event.Type);
            }
        }
    }

    /// <summary>Publishes for the other replicas. The fan-out loop does not wait for Redis's answers: commands leave on
    /// one connection in order (so the other replicas see events in the order they were raised) and are pipelined.</summary>
    private void Relay(string kind, EventAudience audience, byte[] frame, string what)
    {
        var subscriber = redis.GetSubscriber();
        foreach (var (channel, message) in BusMessage.For(_origin, kind, audience, frame))
        {
            _ = ObserveAsync(subscriber.PublishAsync(channel, message), what);
        }
    }

    private async Task ObserveAsync(Task published, string what)
    {
        try
        {
            await published;
        }
        catch (Exception ex) when (RedisCache.IsRedisFailure(ex))
        {
            metrics.NotRelayed();
            failures.Report(LogLevel.Warning, DependencyFailures.Redis, "events not relayed to other replicas", what, ex);
        }
    }

    private async Task SubscribeAsync(CancellationToken stopping)
    {
        var subscribed = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // One queue per pattern, handled in order: the events of one replica for one conversation, or for the
                // notification sockets, arrive in the order they were raised. A retry resumes after the patterns that
                // already succeeded (subscribing one twice would deliver its events twice).
                for (; subscribed < BusMessage.Subscriptions.Length; subscribed++)
                {
                    var queue = await redis.GetSubscriber().SubscribeAsync(BusMessage.Subscriptions[subscribed]);
                    queue.OnMessage(Receive);
                }
                logger.LogInformation("Realtime bus subscribed to {Channels} as origin {Origin}", string.Join(", ", BusMessage.Subscriptions), _origin);
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
        if (message.Kind == BusMessage.Unview)
        {
            if (message.Audience is EventAudience.UserAudience viewer
                && long.TryParse(System.Text.Encoding.ASCII.GetString(message.Frame), System.Globalization.CultureInfo.InvariantCulture, out var conversationId))
            {
                viewers.Leave(viewer.UserId, conversationId);
            }
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

    private sealed record PendingEvent(RealtimeEvent? Event, ActivityContext Parent, Unview? Unview = null);

    private sealed record Unview(long ConversationId, long UserId);

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
