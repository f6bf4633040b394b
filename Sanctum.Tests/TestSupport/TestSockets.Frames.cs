namespace Sanctum.Tests.TestSupport;

/// <summary>Reading the JSON frames of the sockets (contract 12).</summary>
public static class SocketFrames
{
    /// <summary>The frame's <c>type</c>, or null for a frame without one (the caps' <c>{"error": ...}</c>).</summary>
    public static string? Type(this JsonElement frame) =>
        frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    public static JsonElement Payload(this JsonElement frame) => frame.GetProperty("payload");

    /// <summary>True when the payload has <paramref name="field"/> equal to <paramref name="value"/>.</summary>
    public static bool Has(this JsonElement frame, string field, long value) =>
        frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("payload", out var payload)
        && payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(field, out var actual)
        && actual.ValueKind == JsonValueKind.Number && actual.GetInt64() == value;

    /// <summary>The names of an object's members, sorted, for exact-shape assertions.</summary>
    public static IReadOnlyList<string> FieldNames(this JsonElement element) =>
        element.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>Asserts an RFC 3339 timestamp in UTC (<c>Z</c>) and returns it.</summary>
    public static DateTimeOffset UtcTimestamp(this JsonElement element)
    {
        var text = element.GetString();
        Assert.NotNull(text);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z\z", text);
        return DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
