using System.Globalization;
using NasAssistant.Runtime.Hosting;

namespace NasAssistant.Runtime.Quantization;

/// <summary>The <c>quantize</c> subcommand: one summary line on success, the reason on stderr otherwise.</summary>
internal static class QuantizeCommand
{
    /// <summary>Runs a parsed <c>quantize</c> command line.</summary>
    /// <returns>0 on success, 1 when the model cannot be quantized or written.</returns>
    public static async Task<int> RunAsync(
        CommandLine commandLine, ILoggerFactory loggerFactory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            if (commandLine.CacheDirectory is not null)
            {
                var cache = new QuantizedModelCache(loggerFactory.CreateLogger<QuantizedModelCache>());
                var model = await cache.GetOrCreateAsync(commandLine.Input!, commandLine.Sha256!, commandLine.CacheDirectory, cancellationToken);
                var outcome = model.CacheHit ? "cache hit" : model.Recreated ? "quantized (replaced a damaged cache entry)" : "quantized";
                var nodes = model.Report is { } report
                    ? string.Create(CultureInfo.InvariantCulture, $" ({report.NodesQuantized} of {report.NodesQuantized + report.Skipped.Count} MatMul/Gemm nodes)")
                    : "";
                await output.WriteLineAsync($"{outcome}: {model.Path} sha256 {model.Sha256}{nodes}");
            }
            else
            {
                var options = QuantizationOptions.Default with { PerChannel = !commandLine.PerTensor };
                var report = OnnxQuantizer.QuantizeFile(commandLine.Input!, commandLine.Output!, options, commandLine.Force);
                await output.WriteLineAsync(report.Summary());
            }

            return 0;
        }
        catch (Exception e) when (e is QuantizationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"nas-assistant quantize: {e.Message}");
            return 1;
        }
    }
}
