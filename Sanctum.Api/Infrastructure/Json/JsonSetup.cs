using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sanctum.Api.Infrastructure.Json;

public static class JsonSetup
{
    /// <summary>snake_case on the wire (contract 0.6); null optional members are left out.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.TypeInfoResolverChain.Insert(0, SanctumJsonContext.Default);
    }

    /// <summary>The same options for values the API stores in Redis.</summary>
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
