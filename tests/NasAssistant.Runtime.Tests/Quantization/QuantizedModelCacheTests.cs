using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Storage;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Quantization;

public sealed class QuantizedModelCacheTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _source;
    private readonly string _sourceSha256;

    public QuantizedModelCacheTests()
    {
        _source = _directory.File("model.onnx");
        TestModels.Save(TestModels.MatMul(4, 512, 512, seed: 11, withBias: true), _source);
        _sourceSha256 = ModelDigest.ComputeAsync(_source, CancellationToken.None).GetAwaiter().GetResult();
    }

    private string CacheDirectory => Path.Combine(_directory.Path, "cache");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SecondCall_IsAHit_AndLeavesTheFileAsItWas()
    {
        var cache = new QuantizedModelCache(NullLogger<QuantizedModelCache>.Instance);

        var first = await cache.GetOrCreateAsync(_source, _sourceSha256.ToUpperInvariant(), CacheDirectory, CancellationToken.None);
        var written = (File.GetLastWriteTimeUtc(first.Path), Inode(first.Path));
        var second = await cache.GetOrCreateAsync(_source, _sourceSha256, CacheDirectory, CancellationToken.None);

        var entry = _sourceSha256 + (Int8Kernels.SaturationFree ? ".int8.v3.onnx" : ".uint8.v3.onnx");
        Assert.Equal(Path.Combine(CacheDirectory, entry), first.Path);
        Assert.False(first.CacheHit);
        Assert.False(first.Recreated);
        Assert.Equal(1, first.Report!.NodesQuantized);
        Assert.Equal(!Int8Kernels.SaturationFree, first.Report.UnsignedWeights);
        Assert.Equal(await ModelDigest.ComputeAsync(first.Path, CancellationToken.None), first.Sha256);
        Assert.Equal($"{first.Sha256}  {entry}\n", await File.ReadAllTextAsync(first.Path + ".sha256"));

        Assert.True(second.CacheHit);
        Assert.Null(second.Report);
        Assert.Equal((first.Path, first.Sha256), (second.Path, second.Sha256));
        Assert.Equal(written, (File.GetLastWriteTimeUtc(second.Path), Inode(second.Path)));
        Assert.Equal(
            [".lock", ".onnx", ".sha256"],
            Directory.GetFiles(CacheDirectory).Select(Path.GetExtension).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("flipped byte")]
    [InlineData("truncated")]
    [InlineData("record missing")]
    public async Task DamagedEntry_IsDetected_AndQuantizedAgain(string damage)
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var cache = new QuantizedModelCache(loggers.CreateLogger<QuantizedModelCache>());
        var first = await cache.GetOrCreateAsync(_source, _sourceSha256, CacheDirectory, CancellationToken.None);
        switch (damage)
        {
            case "flipped byte":
                var bytes = await File.ReadAllBytesAsync(first.Path);
                bytes[bytes.Length / 2] ^= 0x40;
                await File.WriteAllBytesAsync(first.Path, bytes);
                break;
            case "truncated":
                await using (var file = new FileStream(first.Path, FileMode.Open))
                {
                    file.SetLength(file.Length / 3);
                }

                break;
            default:
                File.Delete(first.Path + ".sha256");
                break;
        }

        var again = await cache.GetOrCreateAsync(_source, _sourceSha256, CacheDirectory, CancellationToken.None);
        var third = await cache.GetOrCreateAsync(_source, _sourceSha256, CacheDirectory, CancellationToken.None);

        Assert.False(again.CacheHit);
        Assert.True(again.Recreated);
        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Equal(first.Sha256, await ModelDigest.ComputeAsync(again.Path, CancellationToken.None));
        Assert.True(logs.Contains("Warning", "quantizing it again"), string.Join('\n', logs.Lines));
        Assert.True(third.CacheHit);
    }

    [Fact]
    public async Task SourceWithAnotherDigest_IsRefused_AndNothingIsCached()
    {
        var cache = new QuantizedModelCache(NullLogger<QuantizedModelCache>.Instance);
        var wrong = new string('0', 64);

        var error = await Assert.ThrowsAsync<QuantizationException>(() =>
            cache.GetOrCreateAsync(_source, wrong, CacheDirectory, CancellationToken.None));

        Assert.Contains($"has SHA-256 {_sourceSha256}, expected {wrong}", error.Message, StringComparison.Ordinal);
        Assert.Equal([".lock"], Directory.GetFiles(CacheDirectory).Select(Path.GetExtension));
    }

    [Fact]
    public async Task MalformedDigest_IsAnArgumentError()
    {
        var cache = new QuantizedModelCache(NullLogger<QuantizedModelCache>.Instance);

        await Assert.ThrowsAsync<ArgumentException>(() => cache.GetOrCreateAsync(_source, "abc", CacheDirectory, CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentCalls_QuantizeOnce_AndTheOthersHit()
    {
        var cache = new QuantizedModelCache(NullLogger<QuantizedModelCache>.Instance);
        Task<QuantizedModel>[] calls;

        // Holding the lock while the calls start makes them all contend for it instead of running one after another.
        using (HoldLock())
        {
            calls = Enumerable.Range(0, 4)
                .Select(_ => Task.Run(() => cache.GetOrCreateAsync(_source, _sourceSha256, CacheDirectory, CancellationToken.None)))
                .ToArray();
            await Task.Delay(300);
            Assert.DoesNotContain(calls, c => c.IsCompleted);
        }

        var results = await Task.WhenAll(calls);

        Assert.Single(results, r => !r.CacheHit);
        Assert.Single(results.Select(r => r.Sha256).Distinct());
    }

    [Fact]
    public async Task TwoProcesses_QuantizeOnce_AndTheOtherHits()
    {
        using var heldLock = HoldLock();
        using var first = RuntimeProcess.Start("quantize", "--input", _source, "--sha256", _sourceSha256, "--cache-dir", CacheDirectory);
        using var second = RuntimeProcess.Start("quantize", "--input", _source, "--sha256", _sourceSha256, "--cache-dir", CacheDirectory);
        var waited = Stopwatch.StartNew();
        while (!(first.Output.Contains("Waiting for", StringComparison.Ordinal) && second.Output.Contains("Waiting for", StringComparison.Ordinal)))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"the processes never waited for the lock:\n{first.Output}\n{second.Output}");
            await Task.Delay(50);
        }

        heldLock.Dispose();
        var exitCodes = new[] { await first.WaitForExitAsync(TimeSpan.FromSeconds(60)), await second.WaitForExitAsync(TimeSpan.FromSeconds(60)) };

        Assert.Equal([0, 0], exitCodes);
        string[] outputs = [first.Output, second.Output];
        Assert.Single(outputs, o => o.Contains("quantized: ", StringComparison.Ordinal) && o.Contains("(1 of 1 MatMul/Gemm nodes)", StringComparison.Ordinal));
        Assert.Single(outputs, o => o.Contains("cache hit: ", StringComparison.Ordinal));
        var sha = await ModelDigest.ComputeAsync(QuantizedModelCache.CachedPath(CacheDirectory, _sourceSha256), CancellationToken.None);
        Assert.All(outputs, o => Assert.Contains($"sha256 {sha}", o, StringComparison.Ordinal));
    }

    private FileStream HoldLock()
    {
        Directory.CreateDirectory(CacheDirectory);
        var path = QuantizedModelCache.CachedPath(CacheDirectory, _sourceSha256) + ".lock";
        return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
    }

    private static string Inode(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var inode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return inode;
    }
}
