namespace Sanctum.Api.Infrastructure.Data;

/// <summary>Who changes the schema when the API starts (<c>Database:Migrate</c>).</summary>
public enum MigrateMode
{
    /// <summary>Every process migrates and seeds at start, one at a time under an advisory lock, then serves (the default:
    /// <c>make run</c>, the tests, a single server).</summary>
    Auto,

    /// <summary>Migrate and run the startup tasks, then exit with 0 (a failure exits with 1). For a migration Job that
    /// runs before a rollout, so serving pods never run DDL (<c>deploy/base/migrate-job.yaml</c>).</summary>
    Only,

    /// <summary>Never run DDL or the startup tasks: wait until the schema journal lists every embedded migration and no
    /// process is migrating, then report ready. For serving pods in production.</summary>
    Skip,
}

/// <summary><c>Database:*</c> settings, read once at startup.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>auto</c> (default), <c>only</c> or <c>skip</c>; anything else stops the start.</summary>
    public MigrateMode Migrate { get; init; } = MigrateMode.Auto;

    /// <summary>In <c>skip</c> mode, how often the schema journal is checked while the API waits for it.</summary>
    public int SchemaPollSeconds { get; init; } = 2;
}

public static class DatabaseOptionsSetup
{
    /// <summary>An unknown <c>Database:Migrate</c> value already fails the binding, at start.</summary>
    public static IServiceCollection AddDatabaseOptions(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .Validate(options => Enum.IsDefined(options.Migrate), "Database:Migrate must be auto, only or skip.")
            .Validate(options => options.SchemaPollSeconds > 0, "Database:SchemaPollSeconds must be positive.")
            .ValidateOnStart();
        return services;
    }
}
