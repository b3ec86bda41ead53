using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Hosting;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Storage;

namespace NasAssistant.Runtime.Commands;

/// <summary>The <c>quantize</c> subcommand: one summary line on success, the reason on stderr otherwise.</summary>
internal static class QuantizeCommand
{
    /// <summary>Runs a parsed <c>quantize</c> command line.</summary>
    /// <returns>0 on success, 1 when the model cannot be quantized or written.</returns>
    public static async Task<int> RunAsync(
        CommandLine commandLine,
        ILoggerFactory loggerFactory,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            if (commandLine.Sweep)
            {
                await SweepAsync(commandLine, output, cancellationToken);
            }
            else if (commandLine.ConfigPath is not null || commandLine.CacheDirectory is not null)
            {
                var (input, sha256, directory) = commandLine.ConfigPath is { } configPath
                    ? await FromConfigurationAsync(configPath, environment ?? new Dictionary<string, string>(), cancellationToken)
                    : (commandLine.Input!, commandLine.Sha256!, commandLine.CacheDirectory!);
                var cache = new QuantizedModelCache(loggerFactory.CreateLogger<QuantizedModelCache>());
                var model = await cache.GetOrCreateAsync(input, sha256, directory, cancellationToken);
                var outcome = model.CacheHit ? "cache hit" : model.Recreated ? "quantized (replaced a damaged cache entry)" : "quantized";
                var nodes = model.Report is { } report ? $" ({report.Counts()})" : "";
                await output.WriteLineAsync($"{outcome}: {model.Path} sha256 {model.Sha256}{nodes}");
                if (commandLine.TerminationLog is { } log)
                {
                    await File.WriteAllTextAsync(log, model.Sha256 + "\n", cancellationToken);
                }
            }
            else
            {
                var options = commandLine.KeepFp32Path is { } list
                    ? QuantizationOptions.Default with { ExcludedNodes = Fp32NodeLists.Load(list) }
                    : QuantizationOptions.ForSource(await ModelDigest.ComputeAsync(commandLine.Input!, cancellationToken));
                options = options with { PerChannel = !commandLine.PerTensor };
                var report = OnnxQuantizer.QuantizeFile(commandLine.Input!, commandLine.Output!, options, commandLine.Force);
                await output.WriteLineAsync(report.Summary());
            }

            return 0;
        }
        catch (Exception e) when (e is QuantizationException or IOException or UnauthorizedAccessException or RuntimeConfigException)
        {
            await error.WriteLineAsync($"nas-assistant quantize: {e.Message}");
            return 1;
        }
    }

    /// <summary>Runs the sensitivity sweep on the built-in calibration texts and writes the list of nodes to keep in FP32.</summary>
    private static async Task SweepAsync(CommandLine commandLine, TextWriter output, CancellationToken cancellationToken)
    {
        var input = commandLine.Input!;
        if (!File.Exists(input))
        {
            throw new QuantizationException($"{input} does not exist");
        }

        var vocabulary = commandLine.VocabularyPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(input))!, "vocab.txt");
        if (!File.Exists(vocabulary))
        {
            throw new QuantizationException($"vocabulary {vocabulary} does not exist (set --vocabulary)");
        }

        var sha256 = await ModelDigest.ComputeAsync(input, cancellationToken);
        var texts = SensitivitySweep.CalibrationTexts();
        var work = Directory.CreateTempSubdirectory("nas-assistant-sweep-");
        try
        {
            var sweep = new SensitivitySweep(input, vocabulary, texts, QuantizationOptions.Default, work.FullName);
            var result = sweep.Run(line => output.WriteLine(line));
            var list = result.ListFile(Path.GetFileName(input), sha256, texts.Count, Int8Kernels.Resolve(WeightEncoding.Auto));
            if (commandLine.Output is { } path)
            {
                await File.WriteAllTextAsync(path, list, cancellationToken);
                await output.WriteLineAsync($"{result.Kept.Count} nodes to keep in FP32 written to {path}");
            }
            else
            {
                await output.WriteAsync(list);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The configured model, its verified digest and the cache folder, resolved exactly as the server resolves them at load.</summary>
    private static async Task<(string Input, string Sha256, string CacheDirectory)> FromConfigurationAsync(
        string configPath, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var model = ConfigurationLoader.Load(configPath, environment).Model;
        if (model.Quantization != QuantizationMode.Int8)
        {
            throw new QuantizationException($"{configPath} sets model.quantization {model.Quantization.ToString().ToLowerInvariant()}; nothing to quantize");
        }

        if (model.Task == ModelTask.Chat)
        {
            throw new QuantizationException($"model.task chat names a generative model folder: {QuantizationException.ChatModelsAdvice}");
        }

        var files = ModelFiles.Resolve(model);
        if (!File.Exists(files.Path))
        {
            throw new QuantizationException($"model file {files.Path} does not exist");
        }

        var actual = await ModelDigest.ComputeAsync(files.Path, cancellationToken);
        if (files.ExpectedSha256 is { } expected && !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new QuantizationException($"model file {files.Path} has SHA-256 {actual}, expected {expected}");
        }

        return (files.Path, actual, model.CacheDirectory);
    }
}
