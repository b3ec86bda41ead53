namespace NasAssistant.Runtime.Quantization;

/// <summary>How many quantization parameters the activations (the A of each product) get when they are quantized at run time.</summary>
internal enum ActivationGranularity
{
    /// <summary>
    /// A scale and an offset for each row (token) of A, from that row's own minimum and maximum, so a row's result does
    /// not depend on the other rows of the batch or on padding. Several small nodes per product; needs opset 13.
    /// </summary>
    PerRow,

    /// <summary>
    /// One scale and zero point for the whole A tensor, set by its largest and smallest values anywhere in the batch:
    /// ONNX Runtime's single <c>DynamicQuantizeMatMul</c> node, the fastest and the least precise.
    /// </summary>
    PerTensor,
}
