namespace NasAssistant.Runtime.Quantization;

/// <summary>One quantized node, measured by keeping it alone in FP32.</summary>
/// <param name="Name">The node's name.</param>
/// <param name="OpType">MatMul, Gemm or Gather.</param>
/// <param name="Bytes">What keeping it in FP32 adds to the model: its weights at 4 bytes instead of 1.</param>
/// <param name="Gain">How much the mean loss (1 − cosine) falls when it alone stays FP32.</param>
internal sealed record SweepCandidate(string Name, string OpType, long Bytes, double Gain)
{
    /// <summary>The gain per MiB added: the order in which the sweep keeps nodes.</summary>
    public double GainPerMegabyte => Gain / (Bytes / 1048576.0);
}
