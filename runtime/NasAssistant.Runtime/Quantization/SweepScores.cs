using System.Globalization;

namespace NasAssistant.Runtime.Quantization;

/// <summary>How close a quantized model's embeddings stay to FP32 on the calibration texts.</summary>
/// <param name="ShortMin">Lowest cosine of the inputs of one or two words.</param>
/// <param name="ShortMean">Their mean cosine.</param>
/// <param name="SentenceMin">Lowest cosine of the longer texts.</param>
/// <param name="SentenceMean">Their mean cosine.</param>
/// <param name="Loss">Mean of 1 − cosine over all texts.</param>
internal sealed record SweepScores(double ShortMin, double ShortMean, double SentenceMin, double SentenceMean, double Loss)
{
    /// <summary>True when both classes reach their minimum cosine.</summary>
    public bool Meets(double shortTarget, double sentenceTarget) => ShortMin >= shortTarget && SentenceMin >= sentenceTarget;

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"short min {ShortMin:F4} mean {ShortMean:F4}, sentences min {SentenceMin:F4} mean {SentenceMean:F4}");
}
