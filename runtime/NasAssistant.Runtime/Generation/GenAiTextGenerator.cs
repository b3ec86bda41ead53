using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntimeGenAI;
using GenAiConfig = Microsoft.ML.OnnxRuntimeGenAI.Config;

namespace NasAssistant.Runtime.Generation;

/// <summary>
/// Streams chat replies from an ONNX Runtime GenAI model folder (genai_config.json, the ONNX decoder and
/// its tokenizer files) on the CPU.
/// </summary>
/// <remarks>
/// <para>
/// The blocking GenAI calls (prompt processing, each token) run on the thread pool, one step at a time,
/// and at most <see cref="GenAiTextGeneratorOptions.MaxConcurrentGenerations"/> replies are generated at
/// once; later requests wait for a slot. Cancelling a request stops it before its next token.
/// </para>
/// <para>
/// With <see cref="GenerationSettings.CacheKey"/> set, the finished generator (the model's key/value
/// cache for the whole conversation) is kept for the next turn. The next turn's prompt is compared with
/// the tokens the cache holds: the common prefix is kept (rewinding past whatever differs, such as the
/// end of the previous reply) and only the rest of the prompt is computed. Reuse never changes the reply:
/// a generator is only continued when it was made with the same sampling settings, and seeded sampling
/// always starts afresh so that the seed reproduces the reply.
/// </para>
/// </remarks>
internal sealed partial class GenAiTextGenerator : ITextGenerator
{
    private static readonly ConstructorInfo TokenizerConstructor = typeof(Tokenizer).GetConstructor([typeof(Model)])
        ?? throw new MissingMethodException(nameof(Tokenizer), ".ctor(Model)");

    private readonly string _folder;
    private readonly GenAiConfig _config;
    private readonly Model _model;
    private readonly Tokenizer _tokenizer;
    private readonly HashSet<int> _endOfText;
    private readonly GenAiTextGeneratorOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly LruCache<CachedGenerator> _cache;
    private readonly ILogger _logger;
    private long _tokensGenerated;
    private int _disposed;

    private GenAiTextGenerator(string folder, GenAiConfig config, Model model, Tokenizer tokenizer, ModelFacts facts, GenAiTextGeneratorOptions options, ILogger logger)
    {
        _folder = folder;
        _config = config;
        _model = model;
        _tokenizer = tokenizer;
        _options = options;
        _logger = logger;
        ContextLength = facts.ContextLength;
        _endOfText = [.. facts.EndOfText, .. tokenizer.GetEosTokenIds().ToArray()];
        HasChatTemplate = ProbeChatTemplate(tokenizer);
        _slots = new SemaphoreSlim(options.MaxConcurrentGenerations, options.MaxConcurrentGenerations);
        _cache = new LruCache<CachedGenerator>(options.CachedConversations);
    }

    /// <inheritdoc />
    public int ContextLength { get; }

    /// <summary>True when prompts are formatted with the tokenizer's chat template; false when <see cref="ChatPrompt.Fallback"/> is used.</summary>
    public bool HasChatTemplate { get; }

    /// <summary>Tokens generated since the model was opened, over all replies (for metrics and tests).</summary>
    public long TokensGenerated => Interlocked.Read(ref _tokensGenerated);

    /// <summary>Conversations whose key/value cache is kept now.</summary>
    public int CachedConversations => _cache.Count;

    /// <summary>Loads the model folder on the CPU.</summary>
    /// <param name="modelFolder">Folder with genai_config.json, the ONNX model and the tokenizer files.</param>
    /// <param name="options">Concurrency and cache limits; the defaults suit a small CPU.</param>
    /// <param name="logger">Receives load and cache events.</param>
    /// <exception cref="GenerativeModelException">The folder is missing, is not a GenAI model folder, or its model cannot be loaded.</exception>
    public static GenAiTextGenerator Open(string modelFolder, GenAiTextGeneratorOptions? options = null, ILogger<GenAiTextGenerator>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelFolder);
        options ??= new GenAiTextGeneratorOptions();
        if (options.MaxConcurrentGenerations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrentGenerations, "MaxConcurrentGenerations must be at least 1");
        }

        var folder = Path.GetFullPath(modelFolder);
        var facts = ReadFacts(folder);
        GenAiConfig? config = null;
        Model? model = null;
        Tokenizer? tokenizer = null;
        try
        {
            config = new GenAiConfig(folder);

            // CPU only: a folder exported for CUDA or DirectML lists those providers, which this build lacks.
            config.ClearProviders();
            if (options.Threads is { } threads)
            {
                var sessionOptions = new JsonObject { ["intra_op_num_threads"] = threads, ["inter_op_num_threads"] = 1 };
                config.Overlay(new JsonObject { ["model"] = new JsonObject { ["decoder"] = new JsonObject { ["session_options"] = sessionOptions } } }.ToJsonString());
            }

            model = new Model(config);
            tokenizer = CreateTokenizer(model);
            var modelType = model.GetModelType();
            var generator = new GenAiTextGenerator(folder, config, model, tokenizer, facts, options, (ILogger?)logger ?? NullLogger.Instance);
            var promptFormat = generator.HasChatTemplate ? "the tokenizer's chat template" : "the plain transcript format";
            generator.LogLoaded(modelType, folder, generator.ContextLength, promptFormat);
            return generator;
        }
        catch (Exception e)
        {
            tokenizer?.Dispose();
            model?.Dispose();
            config?.Dispose();
            if (e is OnnxRuntimeGenAIException)
            {
                throw new GenerativeModelException($"generative model folder '{folder}' cannot be loaded: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
            }

            if (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
            {
                throw new GenerativeModelException($"generative model folder '{folder}' cannot be loaded: the ONNX Runtime GenAI native library cannot be used: {e.Message}", e);
            }

            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="PromptTooLongException">The prompt fills the model's context.</exception>
    /// <exception cref="ArgumentException">The settings are out of range, the prompt is empty, or the model's chat template refuses the messages.</exception>
    public async IAsyncEnumerable<GeneratedText> GenerateAsync(
        IReadOnlyList<ChatTurn> messages,
        GenerationSettings settings,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);

        var sampling = new Sampling(settings.Temperature, settings.TopP, settings.Seed);

        // Everything that touches the native model happens while holding a slot, so Dispose can wait for it.
        await _slots.WaitAsync(cancellationToken);
        Reply? reply = null;
        var finished = false;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var (prompt, stops) = await Task.Run(() => Encode(messages, settings), cancellationToken);
            if (prompt.Length == 0)
            {
                throw new ArgumentException("the prompt is empty", nameof(messages));
            }

            if (prompt.Length >= ContextLength)
            {
                throw new PromptTooLongException(prompt.Length, ContextLength);
            }

            reply = await Task.Run(() => Start(prompt, settings, sampling), cancellationToken);
            var filter = new StopSequenceFilter(stops);
            var completion = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(_disposed != 0, this);
                var token = await Task.Run(reply.Next, CancellationToken.None);
                completion++;
                Interlocked.Increment(ref _tokensGenerated);

                FinishReason? finish = null;
                string text;
                if (token.EndOfText)
                {
                    finish = FinishReason.Stop;
                    text = filter.Flush();
                }
                else
                {
                    text = filter.Push(token.Text);
                    if (filter.Stopped)
                    {
                        finish = FinishReason.Stop;
                    }
                    else if (completion >= settings.MaxTokens || token.ContextFull)
                    {
                        finish = FinishReason.Length;
                        text += filter.Flush();
                    }
                }

                if (finish is { } reason)
                {
                    finished = true;
                    yield return new GeneratedText(text, reason, new GenerationUsage(prompt.Length, completion, reply.CachedTokens));
                    yield break;
                }

                if (text.Length > 0)
                {
                    yield return new GeneratedText(text);
                }
            }
        }
        finally
        {
            if (reply is not null)
            {
                // Only a reply that ran to its end is kept: a cancelled or failed one is freed at once.
                if (finished && settings.CacheKey is { } key && _disposed == 0)
                {
                    Keep(key, reply);
                }

                reply.Dispose();
            }

            _slots.Release();
        }
    }

    /// <summary>Frees the kept caches and, once no reply is being generated, the model.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _cache.Dispose();

        // A reply in progress finishes its current step on the native model; wait for every slot so the
        // model is not freed under it. A caller that never finishes its enumeration leaves the model to the finalizer.
        var deadline = Environment.TickCount64 + 10_000;
        var held = 0;
        while (held < _options.MaxConcurrentGenerations && _slots.Wait((int)Math.Max(deadline - Environment.TickCount64, 0)))
        {
            held++;
        }

        if (held < _options.MaxConcurrentGenerations)
        {
            LogStillGenerating(_folder, _options.MaxConcurrentGenerations - held);
            return;
        }

        _tokenizer.Dispose();
        _model.Dispose();
        _config.Dispose();
        _slots.Dispose();
    }

    // GenAI 0.18's Tokenizer finalizer hands a null handle to the native destroy call when its constructor
    // failed (a broken tokenizer.json), which kills the process on the finalizer thread some time later.
    // Constructing it inside an object held here lets a failed construction be taken off the finalizer queue.
    private static Tokenizer CreateTokenizer(Model model)
    {
        var tokenizer = (Tokenizer)RuntimeHelpers.GetUninitializedObject(typeof(Tokenizer));
        try
        {
            TokenizerConstructor.Invoke(tokenizer, [model]);
            return tokenizer;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
#pragma warning disable CA1816 // Deliberately not in a Dispose: the object never finished construction.
            GC.SuppressFinalize(tokenizer);
#pragma warning restore CA1816
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static void Validate(GenerationSettings settings)
    {
        if (settings.MaxTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.MaxTokens, "MaxTokens must be at least 1");
        }

        if (!(settings.Temperature >= 0) || float.IsInfinity(settings.Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Temperature, "Temperature must be 0 or more");
        }

        if (!(settings.TopP > 0 && settings.TopP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.TopP, "TopP must be more than 0 and at most 1");
        }
    }

    private (int[] Tokens, string[] Stops) Encode(IReadOnlyList<ChatTurn> messages, GenerationSettings settings)
    {
        string text;
        IEnumerable<string> stops = settings.Stop;
        if (HasChatTemplate)
        {
            try
            {
                text = _tokenizer.ApplyChatTemplate("", ChatPrompt.ToJson(messages), "", true);
            }
            catch (OnnxRuntimeGenAIException e)
            {
                // Templates refuse some conversations on purpose, e.g. a system message or roles that do not alternate.
                throw new ArgumentException($"the model's chat template cannot format these messages: {e.Message}", nameof(messages), e);
            }
        }
        else
        {
            text = ChatPrompt.Fallback(messages);
            stops = stops.Append(ChatPrompt.FallbackStop);
        }

        using var sequences = _tokenizer.Encode(text);
        return (sequences[0].ToArray(), stops.ToArray());
    }

    // Runs on the thread pool: continues the conversation's cached generator when it can, else prefills a new one.
    private Reply Start(int[] prompt, GenerationSettings settings, Sampling sampling)
    {
        var needed = Math.Min(ContextLength, prompt.Length + settings.MaxTokens);
        if (settings.CacheKey is { } key && _cache.Take(key) is { } cached)
        {
            var reused = TryContinue(key, cached, prompt, needed, sampling);
            if (reused > 0)
            {
                return new Reply(this, cached.Generator, cached.MaxLength, sampling, reused);
            }

            cached.Dispose();
        }

        // A conversation that will be cached gets room for its next turns; a one-off reply needs only its own.
        var maxLength = settings.CacheKey is null ? needed : Math.Min(ContextLength, needed + Math.Max(0, _options.CacheHeadroomTokens));
        var generator = Create(maxLength, sampling);
        try
        {
            generator.AppendTokens(prompt);
            return new Reply(this, generator, maxLength, sampling, 0);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    // Rewinds the cached generator to the longest prefix it shares with the prompt and appends the rest;
    // returns how many prompt tokens were reused, or 0 when the generator cannot be used.
    private int TryContinue(string key, CachedGenerator cached, int[] prompt, int needed, Sampling sampling)
    {
        if (!cached.Sampling.CanContinueWith(sampling))
        {
            LogNotReused(key, "the sampling settings differ or a seed asks for a reproducible reply");
            return 0;
        }

        if (cached.MaxLength < needed)
        {
            LogNoRoom(key, cached.MaxLength, needed);
            return 0;
        }

        // Keys and values exist for every cached token but the last generated one, which the model has
        // not read yet. GenAI rewinds only to a length shorter than the cache it holds, and at least one
        // prompt token must be computed again to get the logits of the next token.
        var computed = cached.Tokens.Length - 1;
        var common = cached.Tokens.AsSpan(0, computed).CommonPrefixLength(prompt);
        var keep = Math.Min(common, Math.Min(computed - 1, prompt.Length - 1));
        if (keep < 1)
        {
            LogNotReused(key, "the prompt does not start with the cached conversation");
            return 0;
        }

        try
        {
            cached.Generator.RewindTo((ulong)keep);
            cached.Generator.AppendTokens(prompt.AsSpan(keep));
        }
        catch (OnnxRuntimeGenAIException e)
        {
            LogRewindFailed(key, e);
            return 0;
        }

        LogReused(key, keep, prompt.Length);
        return keep;
    }

    private Generator Create(int maxLength, Sampling sampling)
    {
        using var parameters = new GeneratorParams(_model);
        parameters.SetSearchOption("max_length", maxLength);
        if (sampling.Temperature == 0)
        {
            parameters.SetSearchOption("do_sample", false);
        }
        else
        {
            parameters.SetSearchOption("do_sample", true);
            parameters.SetSearchOption("temperature", sampling.Temperature);
            parameters.SetSearchOption("top_p", sampling.TopP);

            // OpenAI's API has no top_k: sample from everything top_p keeps, whatever the model's config says.
            parameters.SetSearchOption("top_k", 0);
            if (sampling.Seed is { } seed)
            {
                // GenAI reads a negative seed as "no seed"; every request seed must reproduce its reply.
                parameters.SetSearchOption("random_seed", seed & int.MaxValue);
            }
        }

        return new Generator(_model, parameters);
    }

    private void Keep(string key, Reply reply)
    {
        var tokens = reply.Generator.GetSequence(0).ToArray();
        reply.Kept = true;
        foreach (var evicted in _cache.Put(key, new CachedGenerator(reply.Generator, tokens, reply.MaxLength, reply.Sampling)))
        {
            LogEvicted(evicted);
        }
    }

    private static bool ProbeChatTemplate(Tokenizer tokenizer)
    {
        try
        {
            tokenizer.ApplyChatTemplate("", ChatPrompt.ToJson([new ChatTurn("user", "hello")]), "", true);
            return true;
        }
        catch (OnnxRuntimeGenAIException)
        {
            // No chat_template in tokenizer_config.json (nor a chat_template.jinja beside it).
            return false;
        }
    }

    private static ModelFacts ReadFacts(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new GenerativeModelException($"generative model folder '{folder}' does not exist");
        }

        var path = Path.Combine(folder, "genai_config.json");
        if (!File.Exists(path))
        {
            throw new GenerativeModelException(
                $"generative model folder '{folder}' has no genai_config.json: it is not an ONNX Runtime GenAI model folder");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var model = document.RootElement.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.Object
                ? m
                : throw new GenerativeModelException($"'{path}' has no \"model\" section");
            if (!model.TryGetProperty("context_length", out var context) || !context.TryGetInt32(out var contextLength) || contextLength < 2)
            {
                throw new GenerativeModelException($"'{path}' has no usable model.context_length");
            }

            var endOfText = new List<int>();
            if (model.TryGetProperty("eos_token_id", out var eos))
            {
                if (eos.ValueKind == JsonValueKind.Number)
                {
                    endOfText.Add(eos.GetInt32());
                }
                else if (eos.ValueKind == JsonValueKind.Array)
                {
                    endOfText.AddRange(eos.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32()));
                }
            }

            return new ModelFacts(contextLength, endOfText);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or FormatException)
        {
            throw new GenerativeModelException($"'{path}' cannot be read: {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generative model ({ModelType}) loaded from {Folder}: context of {ContextLength} tokens, prompts in {PromptFormat}")]
    private partial void LogLoaded(string modelType, string folder, int contextLength, string promptFormat);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {CacheKey}: {CachedTokens} of {PromptTokens} prompt tokens taken from the kept key/value cache")]
    private partial void LogReused(string cacheKey, int cachedTokens, int promptTokens);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {CacheKey}: kept key/value cache not used ({Reason}); the whole prompt is computed")]
    private partial void LogNotReused(string cacheKey, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {CacheKey}: kept key/value cache not used (it has room for {MaxLength} tokens, this turn needs {Needed}); the whole prompt is computed")]
    private partial void LogNoRoom(string cacheKey, int maxLength, int needed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {CacheKey}: kept key/value cache could not be rewound; the whole prompt is computed")]
    private partial void LogRewindFailed(string cacheKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {CacheKey}: key/value cache dropped to make room (least recently used)")]
    private partial void LogEvicted(string cacheKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generative model {Folder} disposed while {Count} replies were still being generated; its native memory is left to the finalizer")]
    private partial void LogStillGenerating(string folder, int count);

    /// <summary>What genai_config.json says that GenAI's API does not expose.</summary>
    private sealed record ModelFacts(int ContextLength, IReadOnlyList<int> EndOfText);

    /// <summary>The sampling settings a generator was made with (GenAI fixes them per generator).</summary>
    private readonly record struct Sampling(float Temperature, float TopP, int? Seed)
    {
        /// <summary>
        /// True when a generator made with these settings produces what a fresh one made with
        /// <paramref name="request"/>'s would: both greedy, or the same temperature and top_p with no seed
        /// asked for (a seed means "reproduce", which only a freshly seeded generator does).
        /// </summary>
        public bool CanContinueWith(Sampling request) => Temperature == 0
            ? request.Temperature == 0
            : request.Temperature == Temperature && request.TopP == TopP && request.Seed is null;
    }

    /// <summary>One token's outcome.</summary>
    /// <param name="Text">Decoded text (empty while a multi-byte character is incomplete).</param>
    /// <param name="EndOfText">The model ended its reply.</param>
    /// <param name="ContextFull">The generator has no room for another token.</param>
    private readonly record struct NextToken(string Text, bool EndOfText, bool ContextFull);

    /// <summary>A generator with its key/value cache, kept between a conversation's turns.</summary>
    private sealed class CachedGenerator(Generator generator, int[] tokens, int maxLength, Sampling sampling) : IDisposable
    {
        /// <summary>The generator, positioned after the previous reply.</summary>
        public Generator Generator { get; } = generator;

        /// <summary>Its token sequence: prompt and reply of the previous turn.</summary>
        public int[] Tokens { get; } = tokens;

        /// <summary>Most tokens it can hold.</summary>
        public int MaxLength { get; } = maxLength;

        /// <summary>The sampling settings it was made with.</summary>
        public Sampling Sampling { get; } = sampling;

        /// <inheritdoc />
        public void Dispose() => Generator.Dispose();
    }

    /// <summary>One reply being generated: the generator and the stream that decodes its tokens.</summary>
    private sealed class Reply(GenAiTextGenerator owner, Generator generator, int maxLength, Sampling sampling, int cachedTokens) : IDisposable
    {
        private readonly TokenizerStream _stream = owner._tokenizer.CreateStream();

        /// <summary>The generator, owned by this reply unless <see cref="Kept"/>.</summary>
        public Generator Generator { get; } = generator;

        /// <summary>Most tokens the generator can hold.</summary>
        public int MaxLength { get; } = maxLength;

        /// <summary>The sampling settings the generator was made with.</summary>
        public Sampling Sampling { get; } = sampling;

        /// <summary>Prompt tokens that came from the cache.</summary>
        public int CachedTokens { get; } = cachedTokens;

        /// <summary>True once the generator was handed to the cache, which then owns it.</summary>
        public bool Kept { get; set; }

        /// <summary>Generates and decodes one token (blocking: call it on the thread pool).</summary>
        public NextToken Next()
        {
            Generator.GenerateNextToken();
            var token = Generator.GetNextTokens()[0];
            if (owner._endOfText.Contains(token))
            {
                return new NextToken("", EndOfText: true, ContextFull: false);
            }

            var text = _stream.Decode(token);
            return new NextToken(text, EndOfText: false, ContextFull: Generator.IsDone());
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _stream.Dispose();
            if (!Kept)
            {
                Generator.Dispose();
            }
        }
    }
}
