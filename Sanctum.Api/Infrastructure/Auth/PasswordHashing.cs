using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>Section <c>Auth</c>: how many bcrypt computations may run at once.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Auth";

    /// <summary>Concurrent hashes and verifies at most; unset means <see cref="DefaultMaxConcurrentHashes"/>.</summary>
    [Range(1, 1024)]
    public int? MaxConcurrentHashes { get; set; }

    /// <summary>One core fewer than the machine has (at least one), so a login storm leaves a core to everything else.</summary>
    public static int DefaultMaxConcurrentHashes => Math.Max(1, Environment.ProcessorCount - 1);

    public int EffectiveMaxConcurrentHashes => MaxConcurrentHashes ?? DefaultMaxConcurrentHashes;
}

/// <summary>
/// Every request-time bcrypt computation (signup's hash, login's verify) goes through here, so that at most
/// <see cref="PasswordHashingOptions.MaxConcurrentHashes"/> run at once. A bcrypt at cost 10 is tens of milliseconds of
/// pure CPU on a thread-pool thread; unbounded, 64 concurrent logins would take every core and every pool thread and
/// starve the cheap requests beside them (issue 14, <c>login_storm</c>). Beyond the bound a login waits its turn
/// asynchronously (holding no thread), cancelled with its request, rather than failing; the per-IP and per-account
/// login limits still bound how many can queue.
/// </summary>
public sealed class PasswordHashing(IOptions<PasswordHashingOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.EffectiveMaxConcurrentHashes, options.Value.EffectiveMaxConcurrentHashes);

    public int MaxConcurrent { get; } = options.Value.EffectiveMaxConcurrentHashes;

    public Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        RunAsync(() => Passwords.Hash(password), cancellationToken);

    /// <summary><see cref="Passwords.Verify"/>, within the bound.</summary>
    public Task<bool> VerifyAsync(string password, string? hash, CancellationToken cancellationToken) =>
        RunAsync(() => Passwords.Verify(password, hash), cancellationToken);

    /// <summary>Runs <paramref name="work"/> once a slot is free (on the caller's thread when one is free at once).</summary>
    internal async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return work();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
