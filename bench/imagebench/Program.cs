using System.Diagnostics;
using System.Globalization;
using Sanctum.Api.Features.Images;
using SkiaSharp;

// imagebench gen <dir> <count>                      writes <count> distinct 1920x1080 JPEGs (q90) into <dir>
// imagebench library <dir> <upload threads> <worker threads> <warmup s> <duration s>
//     the upload pipeline (ImageCodec.CreateMaster: decode, orient, crop, fit 2048, encode) on <upload threads>, then
//     the worker's (decode the master, encode its WebP, then per size resize and encode WebP and JPEG) on <worker threads>, each in a
//     tight loop over those files, as the API runs them minus HTTP, hashing, files and SQL; prints one JSON object.
return args switch
{
    ["gen", var dir, var count] => Generate(dir, int.Parse(count, CultureInfo.InvariantCulture)),
    ["library", var dir, var uploadThreads, var workerThreads, var warmup, var duration] => Library(
        Directory.GetFiles(dir, "*.jpg").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray(),
        int.Parse(uploadThreads, CultureInfo.InvariantCulture),
        int.Parse(workerThreads, CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(double.Parse(warmup, CultureInfo.InvariantCulture)),
        TimeSpan.FromSeconds(double.Parse(duration, CultureInfo.InvariantCulture))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: imagebench gen <dir> <count> | imagebench library <dir> <upload threads> <worker threads> <warmup s> <duration s>");
    return 2;
}

// A photo-like picture: smooth gradients, shapes and grain, so that decoding and encoding cost what a camera picture
// costs (a flat image would encode far faster). Each seed gives different pixels, hence a different master and hash.
static int Generate(string dir, int count)
{
    Directory.CreateDirectory(dir);
    for (var seed = 0; seed < count; seed++)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(new SKImageInfo(1920, 1080, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(1920, 1080),
                    [new SKColor((uint)random.Next()) .WithAlpha(255), new SKColor((uint)random.Next()).WithAlpha(255)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, 1920, 1080, sky);
            using var shape = new SKPaint { IsAntialias = true };
            for (var i = 0; i < 60; i++)
            {
                shape.Color = new SKColor((uint)random.Next()).WithAlpha((byte)random.Next(60, 200));
                canvas.DrawCircle(random.Next(1920), random.Next(1080), random.Next(20, 300), shape);
            }
        }
        var pixels = bitmap.GetPixelSpan().ToArray();
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var grain = random.Next(-12, 13);
            for (var c = 0; c < 3; c++)
            {
                pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + grain, 0, 255);
            }
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        File.WriteAllBytes(Path.Combine(dir, $"photo{seed:D3}.jpg"), ImageCodec.Encode(bitmap, SKEncodedImageFormat.Jpeg, 90));
    }
    return 0;
}

static int Library(byte[][] files, int uploadThreads, int workerThreads, TimeSpan warmup, TimeSpan duration)
{
    const long maxPixels = 50_000_000;
    var masters = files.Select(file => ImageCodec.CreateMaster(file, maxPixels).Master!.Jpeg).ToArray();
    var upload = Loop(uploadThreads, warmup, duration, i => { ImageCodec.CreateMaster(files[i % files.Length], maxPixels); return 1; });
    var worker = Loop(workerThreads, warmup, duration, i => Variants(masters[i % masters.Length]));
    var source = files[0];
    var (master, _) = ImageCodec.CreateMaster(source, maxPixels);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $$"""{"upload_threads": {{uploadThreads}}, "worker_threads": {{workerThreads}}, "files": {{files.Length}}, "source_bytes": {{source.Length}}, "master": "{{master!.Width}}x{{master.Height}}", "variants_per_image": {{Variants(masters[0])}}, "upload_per_s": {{upload.PerSecond:F2}}, "variants_per_s": {{worker.PerSecond:F2}}, "duration_s": {{duration.TotalSeconds}}}"""));
    return 0;
}

// The worker's work for one image (ImageWorker.WriteVariantsAsync without the files and rows): the WebP master, then
// the variants; it returns the variants made.
static int Variants(byte[] master)
{
    using var bitmap = ImageVariants.Decode(master);
    ImageVariants.Encode(bitmap, "webp");
    var made = 0;
    foreach (var size in ImageVariants.SizesFor(bitmap.Width, bitmap.Height))
    {
        using var resized = ImageVariants.Resize(bitmap, size.Px);
        ImageVariants.Encode(resized, "webp");
        ImageVariants.Encode(resized, "jpg");
        made += 2;
    }
    return made;
}

// Runs work(i) on every thread until the warm-up and then the measured time have passed; units per second measured.
static (long Units, double PerSecond) Loop(int threads, TimeSpan warmup, TimeSpan duration, Func<int, int> work)
{
    long units = 0;
    var clock = Stopwatch.StartNew();
    var measuring = warmup;
    var end = warmup + duration;
    var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
    {
        for (var i = t; clock.Elapsed < end; i += threads)
        {
            var made = work(i);
            if (clock.Elapsed >= measuring && clock.Elapsed < end)
            {
                Interlocked.Add(ref units, made);
            }
        }
    })).ToList();
    workers.ForEach(thread => thread.Start());
    workers.ForEach(thread => thread.Join());
    return (units, units / duration.TotalSeconds);
}
