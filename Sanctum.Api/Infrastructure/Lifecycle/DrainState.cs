namespace Sanctum.Api.Infrastructure.Lifecycle;

/// <summary>Set once the process has been asked to stop: readiness answers 503 from then on.</summary>
public sealed class DrainState
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public void Begin() => _draining = true;
}
