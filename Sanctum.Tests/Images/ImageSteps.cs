using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using Sanctum.Tests.TestSupport;
using SkiaSharp;

namespace Sanctum.Tests.Images;

/// <summary>Uploads, the media folder the fixture gave the app, and test images made in code.</summary>
public static class ImageSteps
{
    /// <summary>The folder both replicas write to (the fixture's <c>Images__Directory</c>).</summary>
    public static string MediaFolder => SanctumAppFixture.ApiSettings["Images__Directory"];

    /// <summary>The upload's fields, sorted as <c>FieldNames</c> returns them.</summary>
    public static readonly string[] UploadFields =
        ["crop_mode", "hash", "height", "id", "mime_type", "size_bytes", "status", "url", "variants", "width"];

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] bytes, string? contentType = "image/jpeg",
        string fileName = "photo.jpg", string field = "image")
    {
        var file = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        var form = new MultipartFormDataContent { { file, field, fileName } };
        return client.PostAsync("/api/images/upload", form);
    }

    /// <summary>Every file an upload writes (<c>master.jpg</c>, and its temporary files), to prove a refused upload left
    /// nothing. The worker's files (<c>master.webp</c>, the variants) are left out: it keeps writing them for earlier
    /// tests' uploads meanwhile.</summary>
    public static HashSet<string> FilesOnDisk() =>
        Directory.Exists(MediaFolder)
            ? Directory.GetFiles(MediaFolder, "master.jpg*", SearchOption.AllDirectories).ToHashSet()
            : [];

    public static Task<long> ImageRowsOfAsync(this SanctumAppFixture app, long userId) =>
        app.ScalarAsync<long>("SELECT COUNT(*) FROM images WHERE user_id = @u", new NpgsqlParameter("u", userId));

    /// <summary>A picture with detail in it (so every encoder has something to encode), width × height.</summary>
    public static SKBitmap Picture(int width, int height, uint seed = 1)
    {
        var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor((byte)(seed * 40), 120, 200));
        using var paint = new SKPaint { IsAntialias = true };
        var random = new Random((int)seed);
        for (var i = 0; i < 40; i++)
        {
            paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(5, Math.Max(6, width / 4)), paint);
        }
        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 90)
    {
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width = 640, int height = 480, uint seed = 1)
    {
        using var bitmap = Picture(width, height, seed);
        return Encode(bitmap, SKEncodedImageFormat.Jpeg);
    }

    public static byte[] Png(int width = 500, int height = 500, uint seed = 2)
    {
        using var bitmap = Picture(width, height, seed);
        return Encode(bitmap, SKEncodedImageFormat.Png);
    }

    public static byte[] Webp(int width = 400, int height = 500, uint seed = 3)
    {
        using var bitmap = Picture(width, height, seed);
        return Encode(bitmap, SKEncodedImageFormat.Webp);
    }

    /// <summary>A real GIF (SkiaSharp cannot encode GIF): a 128-colour palette and an LZW stream that clears the table
    /// every 100 codes, so every code is one 8-bit byte.</summary>
    public static byte[] Gif(int width = 382, int height = 200)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        WriteLe16(gif, width);
        WriteLe16(gif, height);
        gif.Write([0xF6, 0, 0]); // global colour table of 2^(6+1) = 128 entries
        for (var i = 0; i < 128; i++)
        {
            gif.Write([(byte)(i * 2), (byte)(255 - i * 2), (byte)(i * 37 % 256)]);
        }
        gif.WriteByte(0x2C);
        WriteLe16(gif, 0);
        WriteLe16(gif, 0);
        WriteLe16(gif, width);
        WriteLe16(gif, height);
        gif.WriteByte(0);
        gif.WriteByte(7); // LZW minimum code size: clear = 128, end = 129, codes 8 bits wide

        var codes = new List<byte>();
        for (var p = 0; p < width * height; p++)
        {
            if (p % 100 == 0)
            {
                codes.Add(128);
            }
            var (x, y) = (p % width, p / width);
            codes.Add((byte)((x / 16 + y / 16) % 128));
        }
        codes.Add(129);
        foreach (var block in codes.Chunk(255))
        {
            gif.WriteByte((byte)block.Length);
            gif.Write(block);
        }
        gif.Write([0, 0x3B]);
        return gif.ToArray();
    }

    /// <summary>A valid 1-bit greyscale PNG claiming 30,000 × 30,000 pixels (900 MP): about 110 KB on disk.</summary>
    public static byte[] PngBomb(int side = 30_000)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        WriteBe32(header, 0, side);
        WriteBe32(header, 4, side);
        header[8] = 1; // bit depth
        header[9] = 0; // greyscale
        WriteChunk(png, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + (side + 7) / 8]; // filter byte 0, then zero bits
            for (var y = 0; y < side; y++)
            {
                zlib.Write(row);
            }
        }
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The JPEG with an APP1 Exif segment right after SOI whose data names GPS tags and a position.</summary>
    public static byte[] WithGpsExif(byte[] jpeg)
    {
        using var app1 = new MemoryStream();
        app1.Write("Exif\0\0"u8);
        app1.Write([0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]); // TIFF header, empty IFD0
        app1.Write(Encoding.ASCII.GetBytes("GPSLatitude 48.8584 N GPSLongitude 2.2945 E GPSInfo"));
        var payload = app1.ToArray();
        using var result = new MemoryStream();
        result.Write(jpeg.AsSpan(0, 2));
        result.Write([0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)((payload.Length + 2) & 0xFF)]);
        result.Write(payload);
        result.Write(jpeg.AsSpan(2));
        return result.ToArray();
    }

    /// <summary>The JPEG with an APP1 Exif segment whose IFD0 holds only Orientation = <paramref name="orientation"/>.</summary>
    public static byte[] WithOrientation(byte[] jpeg, byte orientation)
    {
        byte[] payload =
        [
            .. "Exif\0\0"u8, 0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF header, IFD0 at 8
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT, 1
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        return [.. jpeg.AsSpan(0, 2), 0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)((payload.Length + 2) & 0xFF), .. payload, .. jpeg.AsSpan(2)];
    }

    /// <summary>True when the JPEG has an APP1 segment before its image data.</summary>
    public static bool HasApp1(byte[] jpeg)
    {
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var marker = jpeg[i + 1];
            if (marker == 0xE1)
            {
                return true;
            }
            if (marker == 0xDA)
            {
                return false;
            }
            i += 2 + (jpeg[i + 2] << 8 | jpeg[i + 3]);
        }
        return false;
    }

    public static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;

    private static void WriteLe16(Stream stream, int value) => stream.Write([(byte)value, (byte)(value >> 8)]);

    private static void WriteBe32(byte[] buffer, int offset, int value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        WriteBe32(length, 0, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        var crc = new byte[4];
        WriteBe32(crc, 0, (int)Crc32(typeAndData));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }
}
