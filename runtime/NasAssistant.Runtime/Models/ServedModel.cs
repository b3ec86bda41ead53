using Microsoft.ML.OnnxRuntime;
using NasAssistant.Runtime.Batching;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Metrics;

namespace NasAssistant.Runtime.Models;

/// <summary>A loaded, verified model with its batchers: what the API endpoints call.</summary>
internal sealed class ServedModel : IDisposable
{
    /// <summary>Name of the text input an embedding model shows over KServe v2.</summary>
    public const string TextInputName = "text";

    /// <summary>Name of the embedding output an embedding model shows over KServe v2.</summary>
    public const string EmbeddingOutputName = "embedding";

    // sentence-transformers serves all-MiniLM-L6-v2 with max_seq_length 256; longer input is truncated.
    private const int MaxSequenceLength = 256;

    private readonly OnnxModel? _model;
    private readonly DynamicBatcher<EmbeddingJob, float[][]>? _embeddings;
    private readonly DynamicBatcher<TensorJob, TensorOutcome>? _tensors;
    private readonly int _maxBatchSize;

    private ServedModel(string name, ModelTask task, string sha256, OnnxModel? model, SentenceEmbedder? embedder, ITextGenerator? generator, BatchingConfig batching)
    {
        Name = name;
        Task = task;
        Sha256 = sha256;
        _model = model;
        Embedder = embedder;
        Generator = generator;
        _maxBatchSize = batching.MaxBatchSize;
        var observer = new ModelBatchObserver(name);
        var delay = TimeSpan.FromMilliseconds(batching.MaxBatchDelayMilliseconds);
        if (embedder is not null)
        {
            _embeddings = new DynamicBatcher<EmbeddingJob, float[][]>(
                name, batching.MaxBatchSize, delay, batching.MaxQueueLength, batching.Workers, RunEmbeddings, observer);
        }

        // Arbitrary tensors cannot be padded or stacked safely, so each raw request is its own model
        // call, still through a bounded queue and the same number of workers. A chat model's ONNX
        // file belongs to the generator, so it takes no raw tensors.
        if (task != ModelTask.Chat && model is not null)
        {
            _tensors = new DynamicBatcher<TensorJob, TensorOutcome>(
                name, 1, TimeSpan.Zero, batching.MaxQueueLength, batching.Workers, RunTensors, observer);
        }
    }

    /// <summary>The name clients use.</summary>
    public string Name { get; }

    /// <summary>What the model serves.</summary>
    public ModelTask Task { get; }

    /// <summary>The verified digest of the loaded file.</summary>
    public string Sha256 { get; }

    /// <summary>Why the model runs on the CPU although CUDA was asked for; null otherwise.</summary>
    public string? ProviderFallback => _model?.ProviderFallback;

    /// <summary>The execution provider the model runs on.</summary>
    public ExecutionProviderKind Provider => _model?.Provider ?? ExecutionProviderKind.Cpu;

    /// <summary>The embedding pipeline; null for generic models.</summary>
    public SentenceEmbedder? Embedder { get; }

    /// <summary>The generative model of a chat model; null otherwise.</summary>
    public ITextGenerator? Generator { get; }

    /// <summary>Inputs as KServe v2 metadata shows them.</summary>
    public IReadOnlyList<TensorSpec> Inputs => Task == ModelTask.Chat ? []
        : Embedder is null ? _model!.Inputs
        : [new TensorSpec(TextInputName, TensorDataType.Bytes, [-1])];

    /// <summary>Outputs as KServe v2 metadata shows them.</summary>
    public IReadOnlyList<TensorSpec> Outputs => Task == ModelTask.Chat ? []
        : Embedder is null ? _model!.Outputs
        : [new TensorSpec(EmbeddingOutputName, TensorDataType.Fp32, [-1, Embedder.Dimensions > 0 ? Embedder.Dimensions : -1])];

    /// <summary>Most requests ever waiting at once in this model's queues.</summary>
    public int PeakQueueDepth => Math.Max(_embeddings?.PeakQueueDepth ?? 0, _tensors?.PeakQueueDepth ?? 0);

    /// <summary>Opens the model file and builds its pipeline.</summary>
    public static ServedModel Open(ModelConfig config, string modelPath, string vocabularyPath, string sha256, SessionSettings session, BatchingConfig batching)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = OnnxModel.Open(modelPath, session);
        try
        {
            SentenceEmbedder? embedder = null;
            if (config.Task == ModelTask.Embedding)
            {
                embedder = new SentenceEmbedder(model, WordPieceTokenizer.Load(vocabularyPath, MaxSequenceLength));

                // One warm-up run fixes the embedding width for metadata and pays ORT's first-run cost before ready.
                embedder.Embed([embedder.Tokenizer.Encode("warm up")]);
            }

            return new ServedModel(config.Name, config.Task, sha256, model, embedder, null, batching);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A chat model: the generator, plus (when the knowledge base needs one) an embedding model for
    /// retrieval, served under the chat model's name on <c>/v1/embeddings</c> as well.
    /// </summary>
    public static ServedModel OpenChat(ModelConfig config, string sha256, ITextGenerator generator, string? embeddingModelPath, string? vocabularyPath, SessionSettings session, BatchingConfig batching)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (embeddingModelPath is null || vocabularyPath is null)
        {
            return new ServedModel(config.Name, ModelTask.Chat, sha256, null, null, generator, batching);
        }

        var model = OnnxModel.Open(embeddingModelPath, session);
        try
        {
            var embedder = new SentenceEmbedder(model, WordPieceTokenizer.Load(vocabularyPath, MaxSequenceLength));
            embedder.Embed([embedder.Tokenizer.Encode("warm up")]);
            return new ServedModel(config.Name, ModelTask.Chat, sha256, model, embedder, generator, batching);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Embeds tokenized texts through the batcher.</summary>
    public Task<float[][]> EmbedAsync(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken)
    {
        var batcher = _embeddings ?? throw new InvalidOperationException($"model {Name} is not an embedding model");
        return batcher.SubmitAsync(new EmbeddingJob(sequences), sequences.Count, cancellationToken);
    }

    /// <summary>Validates and runs raw tensors through the model's queue.</summary>
    /// <exception cref="InvalidTensorException">A tensor does not fit the model, or the model rejected it while running.</exception>
    public async Task<IReadOnlyList<NamedTensor>> InferAsync(IReadOnlyList<NamedTensor> inputs, IReadOnlyList<string>? outputs, CancellationToken cancellationToken)
    {
        if (_tensors is null)
        {
            throw new InvalidTensorException($"model {Name} is a chat model: it answers /v1/chat/completions, not raw tensors");
        }

        _model!.Validate(inputs, outputs);
        var outcome = await _tensors.SubmitAsync(new TensorJob(inputs, outputs), 1, cancellationToken);
        if (outcome.Error is not null)
        {
            throw outcome.Error;
        }

        return outcome.Outputs!;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _embeddings?.Dispose();
        _tensors?.Dispose();
        _model?.Dispose();
        Generator?.Dispose();
    }

    private float[][][] RunEmbeddings(IReadOnlyList<EmbeddingJob> jobs)
    {
        var all = jobs.SelectMany(j => j.Sequences).ToArray();
        var vectors = new float[all.Length][];
        for (var start = 0; start < all.Length; start += _maxBatchSize)
        {
            var chunk = all.AsSpan(start, Math.Min(_maxBatchSize, all.Length - start)).ToArray();
            Embedder!.Embed(chunk).CopyTo(vectors, start);
        }

        var results = new float[jobs.Count][][];
        var offset = 0;
        for (var j = 0; j < jobs.Count; j++)
        {
            results[j] = vectors[offset..(offset + jobs[j].Sequences.Count)];
            offset += jobs[j].Sequences.Count;
        }

        return results;
    }

    private TensorOutcome[] RunTensors(IReadOnlyList<TensorJob> jobs)
    {
        var results = new TensorOutcome[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            try
            {
                results[i] = new TensorOutcome(_model!.Run(jobs[i].Inputs, jobs[i].Outputs), null);
            }
            catch (Exception e) when (e is InvalidTensorException or OnnxRuntimeException)
            {
                results[i] = new TensorOutcome(null, e);
            }
        }

        return results;
    }
}
