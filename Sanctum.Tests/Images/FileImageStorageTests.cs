using Microsoft.Extensions.Options;
using Sanctum.Api.Features.Images;

namespace Sanctum.Tests.Images;

/// <summary>The filesystem storage on its own: atomic writes leave only the final file, and no key leaves the root.</summary>
public sealed class FileImageStorageTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"sanctum-storage-{Guid.NewGuid():N}", "media");
    private readonly FileImageStorage _storage;

    public FileImageStorageTests() => _storage = new FileImageStorage(Options.Create(new ImageOptions { Directory = _root }));

    public void Dispose()
    {
        if (Directory.Exists(Path.GetDirectoryName(_root)))
        {
            Directory.Delete(Path.GetDirectoryName(_root)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_write_is_read_back_leaves_no_temporary_file_and_a_prefix_delete_removes_the_folder()
    {
        var hash = new string('c', 64);
        await _storage.WriteAsync($"{hash}/master.jpg", new byte[] { 1, 2, 3 }, CancellationToken.None);
        await _storage.WriteAsync($"{hash}/master.jpg", new byte[] { 4, 5 }, CancellationToken.None);

        Assert.Equal([4, 5], await _storage.ReadAsync($"{hash}/master.jpg", CancellationToken.None));
        Assert.Equal([Path.Combine(_root, hash, "master.jpg")], Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
        Assert.Null(await _storage.ReadAsync($"{hash}/640.jpg", CancellationToken.None));

        await _storage.DeletePrefixAsync(hash, CancellationToken.None);
        Assert.False(Directory.Exists(Path.Combine(_root, hash)));
        await _storage.DeletePrefixAsync(hash, CancellationToken.None);
    }

    [Theory]
    [InlineData("../outside.jpg")]
    [InlineData("..")]
    [InlineData("a/../../outside.jpg")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\..\\b.jpg")]
    [InlineData("a//b.jpg")]
    [InlineData("")]
    [InlineData("a/.hidden")]
    [InlineData("a/b..jpg")]
    [InlineData("a/b.jpg\n")]
    public async Task A_key_that_could_leave_the_root_is_refused_for_every_operation(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.WriteAsync(key, new byte[] { 1 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.ReadAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.DeletePrefixAsync(key.Length == 0 ? "/" : key, CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "outside.jpg")));
    }
}
