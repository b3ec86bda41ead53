using System.Diagnostics;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Metrics;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Storage;

namespace NasAssistant.Runtime.Models;

/// <summary>
/// Verifies and loads the configured model in the background once the server starts, so liveness
/// answers at once while readiness waits for a verified model. A missing file or a wrong digest
/// leaves the model not ready (and says why) while the server keeps running. Sessions, workers and generation threads
/// are sized by <c>cores</c>, the whole CPU cores the process may use.
/// </summary>
internal sealed partial class ModelHost(
    RuntimeConfig config, int cores, CpuFeatures cpu, QuantizedModelCache quantizedModels, ILoggerFactory loggers, ILogger<ModelHost> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loading = Task.CompletedTask;
    private volatile ServedModel? _model;
    private volatile string? _failure;
    private int _disposed;

    /// <summary>Name clients use for the model.</summary>
    public string Name => config.Model.Name;

    /// <summary>Current state.</summary>
    public ModelState State => _model is not null ? ModelState.Ready : _failure is not null ? ModelState.Failed : ModelState.Loading;

    /// <summary>Why the model is not ready, when it failed.</summary>
    public string? Failure => _failure;

    /// <summary>SHA-256 of the INT8 model served in place of the configured one (quantization int8), once loaded.</summary>
    public string? QuantizedSha256 { get; private set; }

    /// <summary>What clients are told while no model is served: still loading, or why it failed.</summary>
    public string NotReadyMessage => $"model '{Name}' is not ready: {_failure ?? "loading"}";

    /// <summary>The served model once ready.</summary>
    public ServedModel? Model => _model;

    /// <summary>The served model, for a request that needs it now.</summary>
    /// <exception cref="ModelNotReadyException">The model is still loading, or loading failed.</exception>
    public ServedModel ReadyModel() => _model ?? throw new ModelNotReadyException(NotReadyMessage);

    /// <summary>Completes when loading has finished, successfully or not.</summary>
    public Task Loaded => _loading;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RuntimeMetrics.ModelReady.WithLabels(Name).Set(0);
        _loading = Task.Run(() => LoadAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose()
    {
        // The container disposes this once as a singleton and once as the hosted service.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Runs after the web server has drained, so queued requests have finished by now.
        _stopping.Cancel();
        try
        {
            _loading.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // Already logged by the load itself.
        }

        _model?.Dispose();
        _model = null;
        RuntimeMetrics.ModelReady.WithLabels(Name).Set(0);
        _stopping.Dispose();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var model = config.Model;
        var (path, vocabulary, expected) = ModelFiles.Resolve(model);
        var started = Stopwatch.GetTimestamp();
        LogLoading(Name, path);
        var optimization = ChooseGraphOptimization(model.GraphOptimization);
        try
        {
            if (model.Task == ModelTask.Chat)
            {
                await LoadChatAsync(model, path, expected, optimization, started, cancellationToken);
                return;
            }

            if (!File.Exists(path))
            {
                LogModelMissing(Name, path, expected ?? "(none configured)");
                _failure = $"model file {path} does not exist";
                return;
            }

            var actual = await ModelDigest.ComputeAsync(path, cancellationToken);
            if (!HasExpectedDigest("model file", path, expected, actual))
            {
                return;
            }

            var loadPath = path;
            if (model.Quantization == QuantizationMode.Int8)
            {
                var quantized = await quantizedModels.GetOrCreateAsync(path, actual, model.CacheDirectory, cancellationToken);
                loadPath = quantized.Path;
                QuantizedSha256 = quantized.Sha256;
                RuntimeMetrics.QuantizationCache.WithLabels(Name, quantized.CacheHit ? "hit" : quantized.Recreated ? "recreated" : "miss").Inc();
                LogQuantized(Name, quantized.CacheHit ? "from the cache" : "quantized now", quantized.Path, quantized.Sha256);
            }

            if (model.Task == ModelTask.Embedding && !File.Exists(vocabulary))
            {
                Fail($"vocabulary file {vocabulary} does not exist (set model.vocabularyPath)");
                return;
            }

            // One batch per worker, the cores divided between them: on a small CPU separate batches side by side
            // outrun one batch whose every operator is split across the cores.
            // Threads set by hand leave the cores they do not fill to more workers, never to more threads than cores.
            var workers = config.Batching.Workers > 0 ? config.Batching.Workers : Math.Max(1, cores / Math.Max(1, model.Threads));
            var threads = model.Threads > 0 ? model.Threads : Math.Max(1, cores / workers);
            var session = new SessionSettings(threads, optimization, model.ExecutionProvider);
            var served = ServedModel.Open(model, loadPath, vocabulary, actual, session, config.Batching with { Workers = workers });
            if (served.ProviderFallback is { } reason)
            {
                LogProviderFallback(Name, model.ExecutionProvider.ToString().ToLowerInvariant(), reason);
            }

            Publish(served, path, workers, threads, optimization, started, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down while loading: nothing to report.
        }
        catch (GenerativeModelException e)
        {
            LogNotServable(Name, e.Message);
            _failure = e.Message;
        }
        catch (QuantizationException e)
        {
            LogNotServable(Name, e.Message);
            _failure = $"model file {path} could not be quantized: {e.Message}";
        }
        catch (Exception e)
        {
            LogLoadFailed(e, Name, path, e.Message);
            _failure = $"model file {path} could not be loaded: {e.Message}";
        }
    }

    /// <summary>
    /// A chat model: an ONNX Runtime GenAI folder, verified by its folder digest, plus the bundled
    /// embedding model when a knowledge base needs one for retrieval.
    /// </summary>
    private async Task LoadChatAsync(
        ModelConfig model, string folder, string? expected, GraphOptimization optimization, long started, CancellationToken cancellationToken)
    {
        if (model.Quantization != QuantizationMode.None)
        {
            Fail($"quantization int8 applies to embedding and generic models; {QuantizationException.ChatModelsAdvice}");
            return;
        }

        if (!Directory.Exists(folder))
        {
            LogModelMissing(Name, folder, expected ?? "(none configured)");
            _failure = $"model folder {folder} does not exist (task chat needs an ONNX Runtime GenAI model folder with genai_config.json)";
            return;
        }

        var actual = await ModelDigest.ComputeFolderAsync(folder, cancellationToken);
        if (!HasExpectedDigest("model folder", folder, expected, actual))
        {
            return;
        }

        var threads = model.Threads > 0 ? model.Threads : cores;
        string? embedding = null;
        if (config.Knowledge is not null)
        {
            // Retrieval embeds with the bundled model, checked like any other.
            if (await ModelDigest.ComputeAsync(BundledModel.ModelPath, cancellationToken) != BundledModel.Sha256)
            {
                Fail($"the bundled embedding model {BundledModel.ModelPath} that retrieval needs does not match its SHA-256 {BundledModel.Sha256}");
                return;
            }

            embedding = BundledModel.ModelPath;
        }

        var generator = GenAiTextGenerator.Open(
            folder, new GenAiTextGeneratorOptions { Threads = threads }, loggers.CreateLogger<GenAiTextGenerator>());
        ServedModel served;
        try
        {
            served = ServedModel.OpenChat(model, actual, generator, embedding, embedding is null ? null : BundledModel.VocabularyPath,
                new SessionSettings(threads, optimization, model.ExecutionProvider), config.Batching with { Workers = 1 });
        }
        catch
        {
            generator.Dispose();
            throw;
        }

        Publish(served, folder, 1, threads, optimization, started, cancellationToken);
    }

    /// <summary>Makes a loaded model the served one (unless the server is stopping) and reports it ready.</summary>
    private void Publish(
        ServedModel served, string path, int workers, int threads, GraphOptimization optimization, long started, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            served.Dispose();
            return;
        }

        _model = served;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        RuntimeMetrics.ModelLoadDuration.WithLabels(Name).Set(seconds);
        RuntimeMetrics.ModelReady.WithLabels(Name).Set(1);
        RuntimeMetrics.ModelInfo.WithLabels(
            Name, served.Sha256, config.Model.Quantization.ToString().ToLowerInvariant(), QuantizedSha256 ?? "", served.Provider.ToString().ToLowerInvariant(),
            optimization.ToString().ToLowerInvariant()).Set(1);
        LogReady(Name, path, served.Sha256, workers, threads, seconds);
    }

    /// <summary>The level the sessions get on this CPU; says which and why, and warns when a configured level is unsafe here.</summary>
    private GraphOptimization ChooseGraphOptimization(GraphOptimization configured)
    {
        var choice = GraphOptimizationPolicy.Choose(configured, cpu);
        var level = choice.Level.ToString().ToLowerInvariant();
        var description = cpu.Describe();
        if (choice.Automatic)
        {
            LogGraphOptimizationChosen(Name, level, description);
        }
        else if (choice.Unsafe)
        {
            LogGraphOptimizationUnsafe(Name, level, description, choice.HighestSafe.ToString().ToLowerInvariant());
        }
        else
        {
            LogGraphOptimizationConfigured(Name, level, description);
        }

        return choice.Level;
    }

    /// <summary>Logs the digest against the configured one; on a mismatch the model is not ready and this says false.</summary>
    private bool HasExpectedDigest(string what, string path, string? expected, string actual)
    {
        if (expected is null)
        {
            LogNoDigestConfigured(Name, path, actual);
            return true;
        }

        if (string.Equals(actual, expected, StringComparison.Ordinal))
        {
            return true;
        }

        LogDigestMismatch(Name, path, expected, actual);
        _failure = $"{what} {path} has SHA-256 {actual}, expected {expected}";
        return false;
    }

    private void Fail(string reason)
    {
        LogNotServable(Name, reason);
        _failure = reason;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: execution provider {Provider} is unavailable, running on the CPU instead: {Reason}")]
    private partial void LogProviderFallback(string model, string provider, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: INT8 model {Outcome}: {Path} (SHA-256 {Sha256})")]
    private partial void LogQuantized(string model, string outcome, string path, string sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: graph optimization {Level}, the highest level safe on this CPU: {Cpu}")]
    private partial void LogGraphOptimizationChosen(string model, string level, string cpu);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: graph optimization {Level} as configured (CPU: {Cpu})")]
    private partial void LogGraphOptimizationConfigured(string model, string level, string cpu);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Model {Model}: graph optimization {Level} as configured, but on this CPU ({Cpu}) ONNX Runtime may crash while it loads a model above {Safe}; leave graphOptimization at auto to get {Safe}")]
    private partial void LogGraphOptimizationUnsafe(string model, string level, string cpu, string safe);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading model {Model} from {Path}")]
    private partial void LogLoading(string model, string path);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Model {Model} ready: {Path} (SHA-256 {Sha256}), {Workers} batch workers of {Threads} intra-op threads, loaded in {Seconds:F2} s")]
    private partial void LogReady(string model, string path, string sha256, int workers, int threads, double seconds);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Model {Model} not ready: {Path} does not exist (expected SHA-256 {Expected}, actual: file missing)")]
    private partial void LogModelMissing(string model, string path, string expected);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Model {Model} not ready: SHA-256 mismatch for {Path}: expected {Expected}, actual {Actual}")]
    private partial void LogDigestMismatch(string model, string path, string expected, string actual);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Model {Model}: no sha256 configured for {Path}; serving it unverified (actual SHA-256 {Actual})")]
    private partial void LogNoDigestConfigured(string model, string path, string actual);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} not ready: {Reason}")]
    private partial void LogNotServable(string model, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} not ready: {Path} could not be loaded: {Reason}")]
    private partial void LogLoadFailed(Exception exception, string model, string path, string reason);
}
