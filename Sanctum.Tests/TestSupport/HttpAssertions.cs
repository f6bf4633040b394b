namespace Sanctum.Tests.TestSupport;

public static class HttpAssertions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"Expected JSON but got {(int)response.StatusCode}: '{text}' ({ex.Message})");
        }
    }

    /// <summary>Asserts the status and returns the JSON body, showing the body when the status is wrong.</summary>
    public static async Task<JsonElement> ExpectJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            var text = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        }
        return await response.ReadJsonAsync();
    }

    /// <summary>Asserts the project's one error shape (project decision 3) and returns it.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code, string? error = null)
    {
        var body = await response.ExpectJsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("request_id").GetString()));
        Assert.Equal(body.GetProperty("detail").GetString(), body.GetProperty("error").GetString());
        if (error is not null)
        {
            Assert.Equal(error, body.GetProperty("error").GetString());
        }
        return body;
    }

    public static StringContent Json(string raw, string mediaType = "application/json") => new(raw, System.Text.Encoding.UTF8, mediaType);
}
