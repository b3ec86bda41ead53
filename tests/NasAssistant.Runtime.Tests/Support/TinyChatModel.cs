using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Onnx;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>
/// Writes a tiny ONNX Runtime GenAI model folder (genai_config.json, model.onnx, tokenizer.json,
/// tokenizer_config.json) with seeded random weights: a GPT-2 shaped decoder with learned token and
/// position embeddings, causal self-attention over the past key/value cache, an MLP and an LM head,
/// and a byte-level BPE tokenizer. It writes words that mean nothing, but it is a real decoder: what it
/// writes depends on the whole context through the key/value cache, so cache reuse is exercised for real.
/// </summary>
/// <remarks>
/// Only printable ASCII tokens can win (the LM head's bias holds the other bytes and the special tokens
/// down), so greedy output is plain text. The end-of-text token wins only once the sequence reaches
/// <see cref="TinyChatModelOptions.EndOfTextAt"/> tokens, which makes the model's own end of reply deterministic.
/// </remarks>
public static class TinyChatModel
{
    public const string EndOfText = "<|endoftext|>";

    /// <summary>The special tokens after the byte and merge tokens, in id order.</summary>
    public static readonly IReadOnlyList<string> SpecialTokens = [EndOfText, "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"];

    /// <summary>A Phi-3 style template over the special tokens.</summary>
    public const string ChatTemplate =
        "{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}<|end|>\n{% endfor %}" +
        "{% if add_generation_prompt %}<|assistant|>\n{% endif %}";

    // Frequent English pairs, so that the BPE merges something and re-encoding a reply can split it
    // differently from the tokens the model chose (the cache reuse has to cope with that).
    private static readonly string[] Merges =
    [
        "Ġ t", "h e", "Ġt he", "i n", "e r", "a n", "o n", "r e", "Ġ a", "e n", "a t", "o r",
        "e s", "Ġ s", "i s", "Ġ o", "in g", "Ġ w", "e d", "Ġ c", "i t", "Ġ b", "a l", "a r",
    ];

    private const int FloatType = 1, Int64Type = 7, BoolType = 9;
    private const float Masked = -10_000f;

    /// <summary>Tokens in the vocabulary: 256 bytes, the merges, then the special tokens.</summary>
    public static int VocabularySize => 256 + Merges.Length + SpecialTokens.Count;

    /// <summary>The end-of-text token's id.</summary>
    public static int EndOfTextId => 256 + Merges.Length;

    /// <summary>Writes the model into <paramref name="folder"/> (created if needed) and returns the folder.</summary>
    public static string Write(string folder, TinyChatModelOptions? options = null)
    {
        options ??= new TinyChatModelOptions();
        Directory.CreateDirectory(folder);
        WriteGraph(options).WriteToFile(Path.Combine(folder, "model.onnx"));
        File.WriteAllText(Path.Combine(folder, "genai_config.json"), GenAiConfig(options).ToJsonString(Indented));
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), TokenizerJson().ToJsonString(Indented));
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), TokenizerConfig(options).ToJsonString(Indented));
        return folder;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static JsonObject GenAiConfig(TinyChatModelOptions o) => new()
    {
        ["model"] = new JsonObject
        {
            ["bos_token_id"] = EndOfTextId,
            ["context_length"] = o.ContextLength,
            ["decoder"] = new JsonObject
            {
                ["session_options"] = new JsonObject { ["log_id"] = "tiny", ["provider_options"] = new JsonArray() },
                ["filename"] = "model.onnx",
                ["head_size"] = o.HiddenSize / o.Heads,
                ["hidden_size"] = o.HiddenSize,
                ["inputs"] = new JsonObject
                {
                    ["input_ids"] = "input_ids",
                    ["attention_mask"] = "attention_mask",
                    ["past_key_names"] = "past_key_values.%d.key",
                    ["past_value_names"] = "past_key_values.%d.value",
                },
                ["outputs"] = new JsonObject
                {
                    ["logits"] = "logits",
                    ["present_key_names"] = "present.%d.key",
                    ["present_value_names"] = "present.%d.value",
                },
                ["num_attention_heads"] = o.Heads,
                ["num_hidden_layers"] = o.Layers,
                ["num_key_value_heads"] = o.Heads,
            },
            ["eos_token_id"] = EndOfTextId,
            ["pad_token_id"] = EndOfTextId,
            ["type"] = "llama",
            ["vocab_size"] = VocabularySize,
        },
        ["search"] = new JsonObject
        {
            ["diversity_penalty"] = 0.0,
            ["do_sample"] = false,
            ["early_stopping"] = true,
            ["length_penalty"] = 1.0,
            ["max_length"] = o.ContextLength,
            ["min_length"] = 0,
            ["no_repeat_ngram_size"] = 0,
            ["num_beams"] = 1,
            ["num_return_sequences"] = 1,
            // The graph concatenates past and new keys, so the cache must grow rather than be preallocated.
            ["past_present_share_buffer"] = false,
            ["repetition_penalty"] = 1.0,
            ["temperature"] = 1.0,
            ["top_k"] = 50,
            ["top_p"] = 1.0,
        },
    };

    private static JsonObject TokenizerConfig(TinyChatModelOptions o)
    {
        var config = new JsonObject
        {
            ["tokenizer_class"] = "GPT2Tokenizer",
            ["add_bos_token"] = false,
            ["add_prefix_space"] = false,
            ["bos_token"] = EndOfText,
            ["eos_token"] = EndOfText,
            ["unk_token"] = EndOfText,
            ["model_max_length"] = o.ContextLength,
            ["clean_up_tokenization_spaces"] = false,
        };
        if (o.ChatTemplate is { } template)
        {
            config["chat_template"] = template;
        }

        return config;
    }

    private static JsonObject TokenizerJson()
    {
        var byteChars = ByteToUnicode();
        var vocab = new JsonObject();
        for (var b = 0; b < 256; b++)
        {
            vocab[byteChars[b].ToString()] = b;
        }

        var id = 256;
        foreach (var merge in Merges)
        {
            vocab[merge.Replace(" ", "", StringComparison.Ordinal)] = id++;
        }

        var added = new JsonArray();
        foreach (var special in SpecialTokens)
        {
            vocab[special] = id;
            added.Add(new JsonObject
            {
                ["id"] = id++,
                ["content"] = special,
                ["single_word"] = false,
                ["lstrip"] = false,
                ["rstrip"] = false,
                ["normalized"] = false,
                ["special"] = true,
            });
        }

        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(Merges.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
            },
        };
    }

    /// <summary>GPT-2's reversible map from bytes to printable characters.</summary>
    private static char[] ByteToUnicode()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }

    private static ModelProto WriteGraph(TinyChatModelOptions o)
    {
        var g = new GraphBuilder(new Random(o.Seed));
        int hidden = o.HiddenSize, heads = o.Heads, headSize = hidden / heads, vocab = VocabularySize;

        g.Input("input_ids", Int64Type, "batch_size", "sequence_length");
        g.Input("attention_mask", Int64Type, "batch_size", "total_sequence_length");
        g.Output("logits", FloatType, "batch_size", "sequence_length", vocab);

        // Positions come from the attention mask (GenAI gives a gpt2 model no position_ids input):
        // the cumulative sum of the mask, less one, for the last sequence_length columns.
        var one = g.Scalar(1L);
        var seqLen = g.Node("Gather", [g.Node("Shape", ["input_ids"]), one], ("axis", 0L));
        var totalLen = g.Node("Gather", [g.Node("Shape", ["attention_mask"]), one], ("axis", 0L));
        var cumulative = g.Node("CumSum", ["attention_mask", one]);
        var allPositions = g.Node("Sub", [cumulative, one]);
        var start = g.Node("Unsqueeze", [g.Node("Neg", [seqLen]), g.Ints(0)]);
        var positions = g.Node("Slice", [allPositions, start, g.Ints(long.MaxValue), g.Ints(1)]);

        var x = g.Node("Add",
        [
            g.Node("Gather", [g.Weights("token_embedding", 1f, vocab, hidden), "input_ids"]),
            g.Node("Gather", [g.Weights("position_embedding", 1f, o.ContextLength, hidden), positions]),
        ]);

        // Attention bias [batch, 1, seq, total]: a query sees keys at or before its own position that the mask keeps.
        var zero = g.Scalar(0L);
        var keyIndex = g.Node("Range", [zero, totalLen, one]);
        var queryIndex = g.Node("Range", [g.Node("Sub", [totalLen, seqLen]), totalLen, one]);
        var causal = g.Node("LessOrEqual", [keyIndex, g.Node("Unsqueeze", [queryIndex, g.Ints(1)])]);
        var kept = g.Node("Unsqueeze", [g.Node("Cast", ["attention_mask"], ("to", (long)BoolType)), g.Ints(1, 2)]);
        var bias = g.Node("Where", [g.Node("And", [causal, kept]), g.Scalar(0f), g.Scalar(Masked)]);

        var splitHeads = g.Ints(0, 0, heads, headSize);
        var mergeHeads = g.Ints(0, 0, hidden);
        for (var layer = 0; layer < o.Layers; layer++)
        {
            var past = $"past_key_values.{layer}";
            g.Input(past + ".key", FloatType, "batch_size", heads, "past_sequence_length", headSize);
            g.Input(past + ".value", FloatType, "batch_size", heads, "past_sequence_length", headSize);

            var h = g.LayerNorm(x, hidden);
            string Project(string name) => g.Node("Transpose",
                [g.Node("Reshape", [g.Node("MatMul", [h, g.Weights($"l{layer}.{name}", 1f / MathF.Sqrt(hidden), hidden, hidden)]), splitHeads])],
                ("perm", new long[] { 0, 2, 1, 3 }));
            var q = Project("q");
            var key = g.Node("Concat", [past + ".key", Project("k")], ("axis", 2L));
            var value = g.Node("Concat", [past + ".value", Project("v")], ("axis", 2L));
            g.Alias(key, $"present.{layer}.key");
            g.Alias(value, $"present.{layer}.value");
            g.Output($"present.{layer}.key", FloatType, "batch_size", heads, "total_sequence_length", headSize);
            g.Output($"present.{layer}.value", FloatType, "batch_size", heads, "total_sequence_length", headSize);

            var scores = g.Node("MatMul", [q, g.Node("Transpose", [key], ("perm", new long[] { 0, 1, 3, 2 }))]);
            var scaled = g.Node("Add", [g.Node("Mul", [scores, g.Scalar(1f / MathF.Sqrt(headSize))]), bias]);
            var attended = g.Node("MatMul", [g.Node("Softmax", [scaled], ("axis", -1L)), value]);
            var merged = g.Node("Reshape", [g.Node("Transpose", [attended], ("perm", new long[] { 0, 2, 1, 3 })), mergeHeads]);
            x = g.Node("Add", [x, g.Node("MatMul", [merged, g.Weights($"l{layer}.o", 1f / MathF.Sqrt(hidden), hidden, hidden)])]);

            var up = g.Node("MatMul", [g.LayerNorm(x, hidden), g.Weights($"l{layer}.up", 1f / MathF.Sqrt(hidden), hidden, 4 * hidden)]);
            x = g.Node("Add", [x, g.Node("MatMul", [g.Node("Tanh", [up]), g.Weights($"l{layer}.down", 1f / MathF.Sqrt(4 * hidden), 4 * hidden, hidden)])]);
        }

        // Only printable ASCII (single bytes and merges) can win; the other bytes and the special tokens are held down.
        var vocabBias = new float[vocab];
        for (var t = 0; t < vocab; t++)
        {
            vocabBias[t] = t is >= 0x20 and <= 0x7E || t >= 256 && t < EndOfTextId ? 0f : Masked;
        }

        var logits = g.Node("Add",
        [
            g.Node("MatMul", [g.LayerNorm(x, hidden), g.Weights("lm_head", o.LogitScale / MathF.Sqrt(hidden), hidden, vocab)]),
            g.Constant("vocab_bias", vocabBias, vocab),
        ]);

        if (o.EndOfTextAt is { } end)
        {
            // The logits at position p choose token p+1: from there on, end-of-text outweighs everything.
            var ended = g.Node("Cast", [g.Node("GreaterOrEqual", [positions, g.Scalar((long)end - 1)])], ("to", (long)FloatType));
            var eos = new float[vocab];
            eos[EndOfTextId] = 2 * -Masked;
            logits = g.Node("Add", [logits, g.Node("Mul", [g.Node("Unsqueeze", [ended, g.Ints(2)]), g.Constant("eos_boost", eos, vocab)])]);
        }

        g.Alias(logits, "logits");
        return g.Build();
    }

    /// <summary>Accumulates nodes, initializers and graph inputs/outputs with generated value names.</summary>
    private sealed class GraphBuilder(Random random)
    {
        private readonly GraphProto _graph = new() { Name = "tiny_chat" };
        private int _next;

        public void Input(string name, int type, params object[] dims) => _graph.Input.Add(ValueInfo(name, type, dims));

        public void Output(string name, int type, params object[] dims) => _graph.Output.Add(ValueInfo(name, type, dims));

        public string Node(string op, string[] inputs, params (string Name, object Value)[] attributes)
        {
            var output = $"{op.ToLowerInvariant()}_{_next++}";
            var node = new NodeProto { OpType = op, Name = output };
            node.Input.AddRange(inputs);
            node.Output.Add(output);
            foreach (var (name, value) in attributes)
            {
                node.Attribute.Add(value switch
                {
                    long i => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = i },
                    float f => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = f },
                    long[] ints => Ints(name, ints),
                    _ => throw new ArgumentException($"attribute {name}"),
                });
            }

            _graph.Node.Add(node);
            return output;
        }

        public void Alias(string value, string name)
        {
            var node = new NodeProto { OpType = "Identity", Name = name };
            node.Input.Add(value);
            node.Output.Add(name);
            _graph.Node.Add(node);
        }

        public string LayerNorm(string x, int hidden)
        {
            var ones = Enumerable.Repeat(1f, hidden).ToArray();
            var gamma = Constant($"ln{_next}.gamma", ones, hidden);
            var beta = Constant($"ln{_next}.beta", new float[hidden], hidden);
            return Node("LayerNormalization", [x, gamma, beta], ("axis", -1L), ("epsilon", 1e-5f));
        }

        public string Weights(string name, float scale, params long[] dims)
        {
            var count = (int)dims.Aggregate(1L, (a, b) => a * b);
            var values = new float[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = scale * Gaussian();
            }

            return Constant(name, values, dims);
        }

        public string Constant(string name, float[] values, params long[] dims)
        {
            var tensor = new TensorProto { Name = name, DataType = FloatType };
            tensor.Dims.AddRange(dims);
            tensor.FloatData.AddRange(values);
            _graph.Initializer.Add(tensor);
            return name;
        }

        public string Scalar(float value) => Constant($"const_{_next++}", [value]);

        public string Scalar(long value)
        {
            var tensor = new TensorProto { Name = $"const_{_next++}", DataType = Int64Type };
            tensor.Int64Data.Add(value);
            _graph.Initializer.Add(tensor);
            return tensor.Name;
        }

        public string Ints(params long[] values)
        {
            var tensor = new TensorProto { Name = $"const_{_next++}", DataType = Int64Type };
            tensor.Dims.Add(values.Length);
            tensor.Int64Data.AddRange(values);
            _graph.Initializer.Add(tensor);
            return tensor.Name;
        }

        public ModelProto Build()
        {
            var model = new ModelProto { IrVersion = 8, ProducerName = "nas-assistant-tests", Graph = _graph };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
            return model;
        }

        private static AttributeProto Ints(string name, long[] values)
        {
            var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            attribute.Ints.AddRange(values);
            return attribute;
        }

        private static ValueInfoProto ValueInfo(string name, int type, object[] dims)
        {
            var shape = new TensorShapeProto();
            foreach (var dim in dims)
            {
                shape.Dim.Add(dim is string param
                    ? new TensorShapeProto.Types.Dimension { DimParam = param }
                    : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, CultureInfo.InvariantCulture) });
            }

            return new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = type, Shape = shape } },
            };
        }

        private float Gaussian()
        {
            // Box-Muller on the seeded generator, so the weights are the same on every machine.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }
}

/// <summary>Shape and behaviour of a <see cref="TinyChatModel"/>.</summary>
public sealed record TinyChatModelOptions
{
    public int Seed { get; init; } = 7;

    public int HiddenSize { get; init; } = 32;

    public int Heads { get; init; } = 2;

    public int Layers { get; init; } = 2;

    public int ContextLength { get; init; } = 256;

    /// <summary>Multiplies the LM head: larger values make the distribution peakier.</summary>
    public float LogitScale { get; init; } = 4f;

    /// <summary>The chat template written into tokenizer_config.json; null writes none (the generator's fallback format is used).</summary>
    public string? ChatTemplate { get; init; } = TinyChatModel.ChatTemplate;

    /// <summary>When set, the model ends its reply once the sequence holds this many tokens: end-of-text is the next token.</summary>
    public int? EndOfTextAt { get; init; }
}
