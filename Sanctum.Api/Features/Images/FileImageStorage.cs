using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Sanctum.Api.Features.Images;

/// <summary>
/// <see cref="IImageStorage"/> on a local folder (<see cref="ImageOptions.Directory"/>). A write goes to a temporary
/// file in the target folder and is renamed over the final name, so a reader (the static file server) sees either no
/// file or the whole one. Keys are validated: only <c>segment(/segment)*</c> of letters, digits, '_', '-' and a single
/// dot inside a segment, so no key can leave the root.
/// </summary>
public sealed partial class FileImageStorage(IOptions<ImageOptions> options) : IImageStorage
{
    private readonly string _root = options.Value.FullDirectory;

    [GeneratedRegex(@"\A[A-Za-z0-9_-]+(\.[A-Za-z0-9]+)?(/[A-Za-z0-9_-]+(\.[A-Za-z0-9]+)?)*\z")]
    private static partial Regex KeyPattern();

    public async Task WriteAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var path = PathFor(prefix.TrimEnd('/'));
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else if (File.Exists(path))
        {
            File.Delete(path);
        }
        return Task.CompletedTask;
    }

    /// <summary>The absolute path of a key, which must match the key pattern and stay below the root.</summary>
    public string PathFor(string key)
    {
        if (!KeyPattern().IsMatch(key))
        {
            throw new ArgumentException($"Invalid image storage key '{key}'.", nameof(key));
        }
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Image storage key '{key}' leaves the media folder.", nameof(key));
        }
        return path;
    }
}
