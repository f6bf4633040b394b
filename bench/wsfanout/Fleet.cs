namespace WsFanout;

/// <summary>Logs in the socket users and opens the notification sockets, spread over the replicas.</summary>
public static class Fleet
{
    /// <summary>Socket <c>k</c> belongs to user <c>k / socketsPerUser</c> and goes to replica <c>k % replicas</c>, so
    /// each user holds <c>socketsPerUser / replicas</c> sockets per replica (the contract's cap is 12).</summary>
    public static async Task<string[]> LoginAsync(Api api, Options options, CancellationToken ct)
    {
        var users = (options.Sockets + options.SocketsPerUser - 1) / options.SocketsPerUser;
        var tokens = new string[users];
        // bcrypt on a 2-core server: two logins at a time keep both cores busy without queueing.
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct },
            async (u, token) => tokens[u] = await api.LoginAsync(u % api.Replicas,
                string.Format(options.EmailFormat, options.FirstSocketUser + u), options.Password, token));
        return tokens;
    }

    /// <summary>Opens every socket (ticket, then <c>ws://…/api/ws?ticket=</c>) and waits (30 s at most) for each one's
    /// <c>friends_online_snapshot</c>. A socket still open without it is kept but counted (the server may send no
    /// snapshot); one refused or closed is a failure.</summary>
    public static async Task<(List<NotificationSocket> Open, int Failed, int NoSnapshot)> OpenAsync(
        Api api, Options options, string[] tokens, Totals totals, HttpMessageInvoker invoker, CancellationToken ct)
    {
        var sockets = new NotificationSocket[options.Sockets];
        var failed = 0;
        string? firstError = null;
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Sockets), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (k, token) =>
            {
                var replica = k % options.Api.Length;
                var user = k / options.SocketsPerUser;
                var socket = new NotificationSocket(k, replica, user, totals);
                try
                {
                    var ticket = await api.TicketAsync(replica, tokens[user], token);
                    var uri = new Uri(options.Api[replica].Replace("http", "ws", StringComparison.Ordinal) + "/api/ws?ticket=" + ticket);
                    await socket.ConnectAsync(uri, invoker, token);
                    sockets[k] = socket;
                }
                catch (Exception e) when (e is InvalidOperationException or HttpRequestException or System.Net.WebSockets.WebSocketException)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"socket {k}: {e.Message}", null);
                }
            });
        var connected = sockets.Where(s => s is not null).ToList();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var open = new List<NotificationSocket>();
        var noSnapshot = 0;
        foreach (var socket in connected)
        {
            try
            {
                await socket.Snapshot.WaitAsync(timeout.Token);
                open.Add(socket);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && socket.Ended is null)
            {
                noSnapshot++;
                open.Add(socket);
            }
            catch (InvalidOperationException e)
            {
                failed++;
                firstError ??= $"socket {socket.Index}: no friends_online_snapshot ({e.Message})";
                await socket.CloseAsync();
            }
        }
        if (firstError is not null)
            Log.Line($"{failed} sockets failed; first: {firstError}");
        if (noSnapshot > 0)
            Log.Line($"{noSnapshot} open sockets received no friends_online_snapshot within 30 s");
        return (open, failed, noSnapshot);
    }
}
