using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace NasAssistant.Runtime.Inference;

/// <summary>
/// Sentence embeddings from a BERT-style encoder: tokens in, the token states mean-pooled over the
/// attention mask and L2-normalized out (the sentence-transformers recipe for all-MiniLM-L6-v2).
/// </summary>
internal sealed class SentenceEmbedder
{
    private readonly OnnxModel _model;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _hasTokenTypes;

    /// <summary>Binds the encoder's inputs (<c>input_ids</c>, <c>attention_mask</c>, optional <c>token_type_ids</c>).</summary>
    /// <exception cref="InvalidOperationException">The model does not look like a BERT encoder.</exception>
    public SentenceEmbedder(OnnxModel model, WordPieceTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        Tokenizer = tokenizer;
        var names = model.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        if (!names.Contains("input_ids") || !names.Contains("attention_mask"))
        {
            throw new InvalidOperationException(
                $"an embedding model needs inputs input_ids and attention_mask; this one has {string.Join(", ", names)}");
        }

        _hasTokenTypes = names.Contains("token_type_ids");
        _inputNames = _hasTokenTypes ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
        var states = model.Outputs.FirstOrDefault(o => o.Shape.Length == 3)
            ?? throw new InvalidOperationException("an embedding model needs a [batch, tokens, hidden] output");
        _outputNames = [states.Name];
        Dimensions = states.Shape[2] > 0 ? (int)states.Shape[2] : 0;
    }

    /// <summary>The tokenizer matching the model's vocabulary.</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>Length of each embedding (0 until the first run when the model leaves it dynamic).</summary>
    public int Dimensions { get; private set; }

    /// <summary>Embeds token sequences in one model call, padded to the longest of them.</summary>
    public float[][] Embed(IReadOnlyList<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var batch = sequences.Count;
        var length = sequences.Max(s => s.Length);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        for (var b = 0; b < batch; b++)
        {
            var sequence = sequences[b];
            for (var t = 0; t < sequence.Length; t++)
            {
                ids[(b * length) + t] = sequence[t];
                mask[(b * length) + t] = 1;
            }
        }

        long[] shape = [batch, length];
        var values = new List<OrtValue>(3)
        {
            OrtValue.CreateTensorValueFromMemory(ids, shape),
            OrtValue.CreateTensorValueFromMemory(mask, shape),
        };
        if (_hasTokenTypes)
        {
            values.Add(OrtValue.CreateTensorValueFromMemory(new long[batch * length], shape));
        }

        try
        {
            using var outputs = _model.RunRaw(_inputNames, values, _outputNames);
            var hidden = (int)outputs[0].GetTensorTypeAndShape().Shape[2];
            Dimensions = hidden;
            return Pool(outputs[0].GetTensorDataAsSpan<float>(), mask, batch, length, hidden);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    private static float[][] Pool(ReadOnlySpan<float> states, long[] mask, int batch, int length, int hidden)
    {
        var result = new float[batch][];
        for (var b = 0; b < batch; b++)
        {
            var sum = new float[hidden];
            var tokens = 0;
            for (var t = 0; t < length; t++)
            {
                if (mask[(b * length) + t] == 0)
                {
                    continue;
                }

                tokens++;
                var row = states.Slice(((b * length) + t) * hidden, hidden);
                TensorPrimitives.Add(sum, row, sum);
            }

            TensorPrimitives.Divide(sum, Math.Max(tokens, 1), sum);
            var norm = TensorPrimitives.Norm(sum);
            if (norm > 1e-12f)
            {
                TensorPrimitives.Divide(sum, norm, sum);
            }

            result[b] = sum;
        }

        return result;
    }
}
