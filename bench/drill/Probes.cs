using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Drill;

/// <summary><c>GET /health/ready</c> on every replica every 500 ms, recorded as op <c>ready</c> (status 0: no answer).</summary>
public static class HealthProbe
{
    public static async Task RunAsync(Replicas replicas, Recorder recorder, CancellationToken stop)
    {
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(10) };
        while (!stop.IsCancellationRequested)
        {
            var probes = replicas.Urls.Select(async (url, replica) =>
            {
                var started = Recorder.Now();
                var clock = Stopwatch.StartNew();
                try
                {
                    using var response = await client.GetAsync(url + "/health/ready", CancellationToken.None);
                    recorder.Write(started, clock.Elapsed.TotalMilliseconds, replica, "ready", (int)response.StatusCode, "", 0, "");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    recorder.Write(started, clock.Elapsed.TotalMilliseconds, replica, "ready", 0, Replicas.Classify(e), 0, "");
                }
            });
            await Task.WhenAll(probes);
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>
/// One notifications socket (contract 12.1: <c>POST /api/ws/ticket</c>, then <c>/api/ws?ticket=</c>), first on
/// <see cref="Options.SocketReplica"/>, the replica the drill kills. When the connection ends it reconnects like a
/// client would: a fresh ticket and a handshake on the next replica that answers, every 500 ms until one does.
/// Events (op <c>ws</c>, code <c>connected</c>/<c>snapshot</c>/<c>lost</c>/<c>retry</c>) go to the record.
/// </summary>
public sealed class SocketClient(Replicas replicas, Recorder recorder, string token, int firstReplica)
{
    public async Task RunAsync(CancellationToken stop)
    {
        var replica = firstReplica;
        var everConnected = false;
        while (!stop.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            try
            {
                var ticket = await TicketAsync(replica, stop);
                var uri = new Uri(replicas.Urls[replica].Replace("http", "ws", StringComparison.Ordinal) + "/api/ws?ticket=" + ticket);
                using var connect = CancellationTokenSource.CreateLinkedTokenSource(stop);
                connect.CancelAfter(TimeSpan.FromSeconds(15));
                await socket.ConnectAsync(uri, connect.Token);
                everConnected = true;
                recorder.Event(replica, "connected", "");
                await ReceiveAsync(socket, replica, stop);
            }
            catch (Exception e) when (e is HttpRequestException or WebSocketException or InvalidOperationException or TaskCanceledException or IOException)
            {
                if (stop.IsCancellationRequested)
                    break;
                recorder.Event(replica, "retry", Replicas.Classify(e) + " " + e.Message);
            }
            if (stop.IsCancellationRequested)
                break;
            // Until the first connection it insists on its replica (the one the drill kills); afterwards it moves on.
            if (everConnected)
                replica = (replica + 1) % replicas.Urls.Length;
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, int replica, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        var snapshot = false;
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, stop);
            }
            catch (OperationCanceledException)
            {
                socket.Abort();
                return;
            }
            catch (Exception e) when (e is WebSocketException or IOException)
            {
                recorder.Event(replica, "lost", e.Message);
                return;
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                recorder.Event(replica, "lost", $"closed by server {socket.CloseStatus}");
                return;
            }
            if (!snapshot && result.EndOfMessage)
            {
                snapshot = true;
                recorder.Event(replica, "snapshot", "");
            }
        }
    }

    private async Task<string> TicketAsync(int replica, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/ws/ticket");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        using var response = await replicas.Clients[replica].SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"ticket answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("ticket").GetString() ?? throw new InvalidOperationException("ticket is null");
    }
}
