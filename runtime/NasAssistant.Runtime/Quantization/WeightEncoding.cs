namespace NasAssistant.Runtime.Quantization;

/// <summary>How the quantizer stores the 8-bit weights of the integer products.</summary>
internal enum WeightEncoding
{
    /// <summary><see cref="Signed"/> where this CPU's integer kernels cannot saturate, <see cref="Unsigned"/> elsewhere (see <see cref="Int8Kernels"/>).</summary>
    Auto,

    /// <summary>int8 in [-127, 127], zero point 0: the fastest on CPUs with VNNI and on ARM64.</summary>
    Signed,

    /// <summary>
    /// uint8 in [1, 255] with zero point 128: the same values and results as <see cref="Signed"/>, but ONNX Runtime multiplies
    /// u8×u8 by widening both to 16 bits, which cannot saturate on x86 CPUs without VNNI.
    /// </summary>
    Unsigned,
}
