using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Sanctum.AppHost.Infrastructure;

/// <summary>How many API processes the app model runs.</summary>
public static class ApiReplicas
{
    public const string Key = "Api:Replicas";

    /// <summary>Reads <c>Api:Replicas</c> (default 1). More than one runs that many API processes behind the
    /// endpoint's proxy, which spreads connections over them; each replica keeps its own port.</summary>
    public static int Resolve(IConfiguration configuration)
    {
        var setting = configuration[Key];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return 1;
        }
        if (!int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out var replicas) || replicas < 1)
        {
            throw new InvalidOperationException($"{Key} must be a whole number of at least 1, not '{setting}'.");
        }
        return replicas;
    }
}
