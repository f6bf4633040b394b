namespace Sanctum.Api.Infrastructure.Data;

/// <summary>Idempotent work run once at startup after migrations (built-in data, the development admin).
/// Tasks run in registration order; the API reports ready only after all of them.</summary>
public interface IStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
