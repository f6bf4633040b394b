using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sanctum.Api.Infrastructure.Json;

public static class JsonSetup
{
    /// <summary>snake_case on the wire (contract 0.6); null optional members are left out. The source-generated
    /// context is the only resolver: a type missing from <see cref="SanctumJsonContext"/> fails loudly (and
    /// <c>JsonRegistrationTests</c> finds it) instead of silently falling back to reflection. The problem-details types
    /// are registered there too: the framework adds its own context only when reflection is the resolver.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.TypeInfoResolverChain.Clear();
        options.TypeInfoResolverChain.Add(SanctumJsonContext.Default);
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
