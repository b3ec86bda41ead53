using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.Runtime.Commands;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Storage;
using NasAssistant.Runtime.Tests.Quantization;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Commands;

public sealed class QuantizeCommandTests : IDisposable
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Quantize_BundledModel_PrintsOneSummaryLine_AndExitsZero()
    {
        var output = _directory.File("minilm.int8.onnx");

        using var process = RuntimeProcess.Start("quantize", "--input", BundledModel.ModelPath, "--output", output);
        var exitCode = await process.WaitForExitAsync(ExitLimit);

        Assert.Equal(0, exitCode);
        var sha = await ModelDigest.ComputeAsync(output, CancellationToken.None);
        var line = Assert.Single(process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var kept = QuantizationOptions.ForSource(BundledModel.Sha256).ExcludedNodes;
        var products = 37 - kept.Count(n => !n.StartsWith("Gather", StringComparison.Ordinal));
        var tables = 2 - kept.Count(n => n.StartsWith("Gather", StringComparison.Ordinal));
        Assert.StartsWith($"quantized {products} of 49 MatMul/Gemm nodes, the tables of {tables} of 3 Gathers (per-channel, ", line, StringComparison.Ordinal);
        Assert.Contains("86.7 MiB -> ", line, StringComparison.Ordinal);
        Assert.EndsWith($"sha256 {sha}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExistingOutput_ExitsOne_UnlessForced()
    {
        var source = _directory.File("m.onnx");
        TestModels.Save(TestModels.MatMul(2, 64, 64, seed: 1), source);
        var output = _directory.File("m.int8.onnx");
        await File.WriteAllTextAsync(output, "keep me");

        using var refused = RuntimeProcess.Start("quantize", "--input", source, "--output", output);
        Assert.Equal(1, await refused.WaitForExitAsync(ExitLimit));
        using var forced = RuntimeProcess.Start("quantize", "--input", source, "--output", output, "--force", "--per-tensor");
        Assert.Equal(0, await forced.WaitForExitAsync(ExitLimit));

        Assert.Contains($"nas-assistant quantize: {output} already exists", refused.Output, StringComparison.Ordinal);
        Assert.Contains("quantized 1 of 1 MatMul/Gemm nodes (per-tensor, ", forced.Output, StringComparison.Ordinal);
        Assert.NotEqual("keep me", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task BadArguments_ExitTwo_WithUsage()
    {
        using var process = RuntimeProcess.Start("quantize", "--input", "m.onnx", "--sha256", new string('a', 64));

        Assert.Equal(2, await process.WaitForExitAsync(ExitLimit));
        Assert.Contains("nas-assistant: quantize into a cache needs both --sha256 and --cache-dir", process.Output, StringComparison.Ordinal);
        Assert.Contains("quantize --input PATH --sha256 HEX --cache-dir DIR", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_GoesToStandardError_WithExitCodeOne()
    {
        var source = _directory.File("garbage.onnx");
        await File.WriteAllBytesAsync(source, [0x08, 0x96, 0x01, 0xff, 0xff, 0xff]);
        var line = CommandLine.Parse(["quantize", "--input", source, "--output", _directory.File("out.onnx")], new Dictionary<string, string>());
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await QuantizeCommand.RunAsync(line, NullLoggerFactory.Instance, stdout, stderr, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Empty(stdout.ToString());
        Assert.StartsWith($"nas-assistant quantize: {source} is not an ONNX model", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CacheForm_PrintsQuantizedThenCacheHit()
    {
        var source = _directory.File("m.onnx");
        TestModels.Save(TestModels.MatMul(2, 64, 64, seed: 1), source);
        var sha = await ModelDigest.ComputeAsync(source, CancellationToken.None);
        var cache = _directory.File("cache");
        var line = CommandLine.Parse(["quantize", "--input", source, "--sha256", sha, "--cache-dir", cache], new Dictionary<string, string>());
        using var first = new StringWriter();
        using var second = new StringWriter();
        using var errors = new StringWriter();

        Assert.Equal(0, await QuantizeCommand.RunAsync(line, NullLoggerFactory.Instance, first, errors, CancellationToken.None));
        Assert.Equal(0, await QuantizeCommand.RunAsync(line, NullLoggerFactory.Instance, second, errors, CancellationToken.None));

        var path = QuantizedModelCache.CachedPath(cache, sha);
        var digest = await ModelDigest.ComputeAsync(path, CancellationToken.None);
        Assert.Equal($"quantized: {path} sha256 {digest} (1 of 1 MatMul/Gemm nodes)", first.ToString().TrimEnd());
        Assert.Equal($"cache hit: {path} sha256 {digest}", second.ToString().TrimEnd());
        Assert.Empty(errors.ToString());
    }
}
