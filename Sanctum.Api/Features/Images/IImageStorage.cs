namespace Sanctum.Api.Features.Images;

/// <summary>
/// Where image files live, addressed by relative keys such as <c>&lt;hash&gt;/master.jpg</c> (served under
/// <c>/media/i/</c>). The filesystem implementation is the only one today; object storage (S3, Azure Blob) would
/// implement the same three methods. Writes are atomic: a reader sees either no file or the whole file.
/// </summary>
public interface IImageStorage
{
    /// <summary>Writes the bytes under <paramref name="key"/>, replacing any file there, atomically.</summary>
    Task WriteAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>The file's bytes, or null when there is none.</summary>
    Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes every file under <paramref name="prefix"/> (an image's folder); nothing when there is none.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken);
}
