using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ChatFanout;

/// <summary>The REST calls of the tool: login, WebSocket ticket, send a message. One connection pool per replica.</summary>
public sealed class Api : IDisposable
{
    private readonly HttpClient[] clients;

    public Api(string[] baseUrls, int maxConnections)
    {
        clients = baseUrls.Select(url => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(30) }).ToArray();
        BaseUrls = baseUrls;
    }

    public string[] BaseUrls { get; }

    public int Replicas => clients.Length;

    public async Task<string> LoginAsync(int replica, string email, string password, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        using var response = await clients[replica].PostAsync("api/auth/login", Json(body), ct);
        return await ReadStringAsync(response, "token", $"login of {email}", ct);
    }

    public async Task<string> TicketAsync(int replica, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/ws/ticket");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await clients[replica].SendAsync(request, ct);
        return await ReadStringAsync(response, "ticket", "ws ticket", ct);
    }

    /// <summary><c>POST /api/conversations/:id/messages</c> (contract 9): the status (201 on success).</summary>
    public async Task<HttpStatusCode> SendAsync(int replica, string token, long conversationId, string content, CancellationToken ct)
    {
        var body = $"{{\"content\":{JsonSerializer.Serialize(content)}}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/conversations/{conversationId}/messages") { Content = Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await clients[replica].SendAsync(request, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        return response.StatusCode;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<string> ReadStringAsync(HttpResponseMessage response, string property, string what, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty(property).GetString()
               ?? throw new InvalidOperationException($"{what}: '{property}' is null");
    }

    public void Dispose()
    {
        foreach (var client in clients)
            client.Dispose();
    }
}
