using System.Globalization;
using System.Text;

namespace NasAssistant.Runtime.Quantization;

/// <summary>What a sensitivity sweep measured and chose.</summary>
/// <param name="Ranking">Every quantized node, best gain per byte first.</param>
/// <param name="Kept">The nodes chosen to stay in FP32, in the order they were added.</param>
/// <param name="AllQuantized">Scores with every node quantized.</param>
/// <param name="WithKept">Scores with the chosen nodes in FP32.</param>
internal sealed record SweepResult(IReadOnlyList<SweepCandidate> Ranking, IReadOnlyList<SweepCandidate> Kept, SweepScores AllQuantized, SweepScores WithKept)
{
    /// <summary>The list as <see cref="Fp32NodeLists"/> reads it, with comments saying where it came from.</summary>
    /// <param name="model">The model's file name.</param>
    /// <param name="sha256">The model's SHA-256.</param>
    /// <param name="texts">How many calibration texts were used.</param>
    /// <param name="encoding">The weight encoding measured.</param>
    public string ListFile(string model, string sha256, int texts, WeightEncoding encoding)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Nodes of {model} (SHA-256 {sha256}) kept in FP32 when it is quantized to INT8,");
        text.AppendLine(CultureInfo.InvariantCulture, $"# chosen by `quantize --sweep` on {texts} calibration texts with {encoding.ToString().ToLowerInvariant()} weights.");
        text.AppendLine(CultureInfo.InvariantCulture, $"# all quantized:      {AllQuantized}");
        text.AppendLine(CultureInfo.InvariantCulture, $"# with these in FP32: {WithKept}");
        foreach (var node in Kept)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{node.Name}  # {node.OpType}, mean loss {-node.Gain:+0.00E+00;-0.00E+00;0} when kept alone, +{node.Bytes / 1048576.0:F2} MiB");
        }

        return text.ToString();
    }
}
