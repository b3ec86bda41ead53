namespace NasAssistant.Runtime.Quantization;

/// <summary>Range of the signed 8-bit weights written by the quantizer.</summary>
internal enum WeightRange
{
    /// <summary>Full range on CPUs whose integer kernels cannot saturate, reduced range elsewhere (see <see cref="Int8Kernels"/>).</summary>
    Auto,

    /// <summary>[-127, 127]: the most precise, for CPUs with VNNI or ARM64 dot products.</summary>
    Full,

    /// <summary>[-64, 64] (7 bits): keeps the u8×s8 pair sums of AVX2 kernels inside int16.</summary>
    Reduced,
}
