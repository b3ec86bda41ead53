using System.Globalization;
using System.Numerics.Tensors;
using Google.Protobuf;
using NasAssistant.Runtime.Inference;
using Onnx;

namespace NasAssistant.Runtime.Quantization;

/// <summary>
/// Chooses which nodes of an embedding model to keep in FP32 (<c>quantize --sweep</c>): quantizes everything, then
/// everything but one node at a time, and ranks the nodes by how much accuracy keeping each in FP32 wins back per byte
/// it adds (speed and size both grow with the bytes); then keeps them in that order until the calibration texts clear
/// the accuracy bars with a margin, or <see cref="MaximumKeptBytes"/> would be exceeded. The result is a list for
/// <see cref="Fp32NodeLists"/>.
/// </summary>
/// <remarks>
/// Accuracy is the cosine of each text's embedding to its FP32 embedding; the ranking uses the mean loss (1 − cosine) over
/// all texts, which is steadier than the minimum, and the stopping rule the minimum of each class. Measured rounding
/// differs a little between CPUs, which is why the result is stored rather than recomputed at every quantization.
/// </remarks>
internal sealed class SensitivitySweep
{
    /// <summary>Inputs of one or two words must stay within cosine 0.99 of FP32; the sweep aims higher, as unseen texts land lower.</summary>
    public const double ShortTarget = 0.995;

    /// <summary>Sentences must stay within cosine 0.995 of FP32; the sweep aims higher.</summary>
    public const double SentenceTarget = 0.997;

    /// <summary>
    /// At most this much is added by the nodes kept in FP32: with it the bundled all-MiniLM-L6-v2 stays under 30 MB in INT8
    /// (23 MB with everything quantized), and every kept node costs speed in proportion to its bytes.
    /// </summary>
    public const long MaximumKeptBytes = 6L << 20;

    private const int BatchSize = 16;
    private readonly ModelProto _source;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly QuantizationOptions _options;
    private readonly string _work;
    private readonly int[][] _sequences;
    private readonly bool[] _short;
    private readonly float[][] _reference;

    /// <summary>Loads the model and embeds the texts in FP32 as the reference.</summary>
    /// <param name="modelPath">The FP32 embedding model.</param>
    /// <param name="vocabularyPath">Its WordPiece vocabulary.</param>
    /// <param name="texts">The calibration texts.</param>
    /// <param name="options">How to quantize (the nodes it already excludes stay excluded).</param>
    /// <param name="workDirectory">Where the candidate models are written.</param>
    public SensitivitySweep(string modelPath, string vocabularyPath, IReadOnlyList<string> texts, QuantizationOptions options, string workDirectory)
    {
        _source = OnnxQuantizer.Load(modelPath);
        _tokenizer = WordPieceTokenizer.Load(vocabularyPath, 256);
        _options = options;
        _work = workDirectory;
        _sequences = texts.Select(_tokenizer.Encode).ToArray();
        _short = texts.Select(IsShort).ToArray();
        if (!_short.Contains(true) || !_short.Contains(false))
        {
            throw new QuantizationException("the calibration texts need both short inputs (one or two words) and sentences");
        }

        _reference = Embed(modelPath);
    }

    /// <summary>The built-in calibration texts: short chat inputs and sentences in several languages.</summary>
    public static IReadOnlyList<string> CalibrationTexts()
    {
        using var stream = typeof(SensitivitySweep).Assembly.GetManifestResourceStream("quantization-calibration.txt")!;
        using var reader = new StreamReader(stream);
        var texts = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                texts.Add(line);
            }
        }

        return texts;
    }

    /// <summary>
    /// One or two words: at most two pieces between spaces, where Chinese and Japanese, written without spaces, count a
    /// word for every two of their characters (most of their words have one or two).
    /// </summary>
    public static bool IsShort(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = 0;
        foreach (var piece in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var characters = piece.Count(c => c is >= '\u3040' and <= '\u30ff' or >= '\u4e00' and <= '\u9fff');
            words += characters == 0 ? 1 : (characters + 1) / 2;
        }

        return words <= 2;
    }

    /// <summary>Runs the sweep, telling <paramref name="progress"/> each measurement.</summary>
    public SweepResult Run(Action<string> progress)
    {
        var baseline = _options.ExcludedNodes;
        var all = Evaluate(baseline);
        progress($"all quantized: {all}");
        var quantized = QuantizedNodes(baseline);
        var ranking = new List<SweepCandidate>();
        foreach (var (name, opType, bytes) in quantized)
        {
            var scores = Evaluate(With(baseline, [name]));
            var candidate = new SweepCandidate(name, opType, bytes, all.Loss - scores.Loss);
            ranking.Add(candidate);
            progress(string.Create(CultureInfo.InvariantCulture, $"{opType} {name} kept in FP32: {scores}, mean loss {-candidate.Gain:+0.00E+00;-0.00E+00;0}"));
        }

        ranking.Sort((a, b) => b.GainPerMegabyte.CompareTo(a.GainPerMegabyte));
        var kept = new List<SweepCandidate>();
        var current = all;
        foreach (var candidate in ranking.Where(c => c.Gain > 0))
        {
            if (current.Meets(ShortTarget, SentenceTarget))
            {
                break;
            }

            if (kept.Sum(k => k.Bytes) + candidate.Bytes > MaximumKeptBytes)
            {
                continue;
            }

            kept.Add(candidate);
            current = Evaluate(With(baseline, kept.Select(k => k.Name)));
            progress($"keeping {kept.Count} in FP32 (+{candidate.Name}): {current}");
        }

        return new SweepResult(ranking, kept, all, current);
    }

    private static HashSet<string> With(IReadOnlySet<string> baseline, IEnumerable<string> more)
    {
        var set = new HashSet<string>(baseline, StringComparer.Ordinal);
        set.UnionWith(more);
        return set;
    }

    // The named nodes that quantizing with the baseline options replaces, with the bytes keeping each in FP32 adds.
    private List<(string Name, string OpType, long Bytes)> QuantizedNodes(IReadOnlySet<string> baseline)
    {
        var model = _source.Clone();
        OnnxQuantizer.Quantize(model, _options with { ExcludedNodes = baseline });
        var remaining = model.Graph.Node.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var sizes = _source.Graph.Initializer.ToDictionary(t => t.Name, t => t.Dims.Aggregate(1L, (a, d) => a * d), StringComparer.Ordinal);
        return _source.Graph.Node
            .Where(n => n.Name.Length > 0 && n.OpType is "MatMul" or "Gemm" or "Gather" && !remaining.Contains(n.Name))
            .Select(n => (n.Name, n.OpType, 3 * sizes[n.Input[n.OpType == "Gather" ? 0 : 1]]))
            .ToList();
    }

    private SweepScores Evaluate(IReadOnlySet<string> kept)
    {
        var model = _source.Clone();
        OnnxQuantizer.Quantize(model, _options with { ExcludedNodes = kept });
        var path = Path.Combine(_work, "candidate.onnx");
        using (var file = File.Create(path))
        {
            model.WriteTo(file);
        }

        var embeddings = Embed(path);
        var cosines = embeddings.Zip(_reference, (a, b) => (double)TensorPrimitives.CosineSimilarity(a, b)).ToArray();
        var shortCosines = cosines.Where((_, i) => _short[i]).ToArray();
        var sentenceCosines = cosines.Where((_, i) => !_short[i]).ToArray();
        return new SweepScores(
            shortCosines.Min(), shortCosines.Average(), sentenceCosines.Min(), sentenceCosines.Average(), cosines.Average(c => 1 - c));
    }

    private float[][] Embed(string path)
    {
        using var model = OnnxModel.Open(path, Math.Max(1, Environment.ProcessorCount));
        var embedder = new SentenceEmbedder(model, _tokenizer);
        return _sequences.Chunk(BatchSize).SelectMany(embedder.Embed).ToArray();
    }
}
