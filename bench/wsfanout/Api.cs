using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace WsFanout;

/// <summary>The REST calls the tool makes: login, WebSocket ticket, create post. One connection pool per replica.</summary>
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
    }

    public int Replicas => clients.Length;

    /// <summary><c>POST /api/auth/login</c> → the access token (one bcrypt verify on the server).</summary>
    public async Task<string> LoginAsync(int replica, string email, string password, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        using var response = await clients[replica].PostAsync("api/auth/login", Json(body), ct);
        return await ReadStringAsync(response, "token", $"login of {email}", ct);
    }

    /// <summary><c>POST /api/ws/ticket</c> (contract 12.1) → a single-use ticket valid 60 s.</summary>
    public async Task<string> TicketAsync(int replica, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/ws/ticket");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await clients[replica].SendAsync(request, ct);
        return await ReadStringAsync(response, "ticket", "ws ticket", ct);
    }

    /// <summary><c>POST /api/posts</c>: the status and, on 201, the new post's id (0 otherwise).</summary>
    public async Task<(HttpStatusCode Status, long PostId)> CreatePostAsync(
        int replica, string token, string title, long? sanctumId, CancellationToken ct)
    {
        var sanctum = sanctumId is { } id ? $",\"sanctum_id\":{id}" : "";
        var body = $"{{\"title\":{JsonSerializer.Serialize(title)},\"content\":\"Written by bench/wsfanout\",\"post_type\":\"text\"{sanctum}}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/posts") { Content = Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await clients[replica].SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.Created)
            return (response.StatusCode, 0);
        using var json = JsonDocument.Parse(bytes);
        return (response.StatusCode, json.RootElement.GetProperty("id").GetInt64());
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
