using NasAssistant.Runtime.Inference;

namespace NasAssistant.Runtime.Quantization;

/// <summary>
/// What ONNX Runtime's integer GEMM (MLAS) does with unsigned activations × signed weights on this CPU.
/// </summary>
/// <remarks>
/// <c>MatMulIntegerToFloat</c> and <c>DynamicQuantizeMatMul</c> multiply uint8 activations by the weights. With VNNI
/// (<c>vpdpbusd</c>, AVX512-VNNI or AVX-VNNI) u8×s8 products accumulate straight into int32. Plain AVX2/AVX-512BW
/// kernels use <c>vpmaddubsw</c>, which adds two u8×s8 products into a saturating int16: 255×127×2 = 64770 overflows it.
/// ONNX Runtime's Python quantizer answers with <c>reduce_range</c>, 7-bit weights (255×64×2 = 32640 fits), but on
/// all-MiniLM-L6-v2 those alone drop one- and two-word inputs to a cosine of 0.977 to FP32 (8-bit: 0.995). Its u8×u8
/// kernels widen both operands to 16 bits first and never saturate, so there the weights are stored unsigned with
/// zero point 128 (<see cref="WeightEncoding.Unsigned"/>): the same 8-bit values and results, at a lower speed than
/// VNNI's u8×s8 (on an AVX512-VNNI CPU, one thread: 0.84× at batch 1, 0.74× at batch 16). ARM64 and SSE-only kernels
/// widen before adding and never saturate; SSE is still given unsigned weights, which cost nothing there because its
/// u8×s8 kernel widens too.
/// </remarks>
internal static class Int8Kernels
{
    /// <summary>True when u8×s8 products cannot saturate on this CPU, so weights may be signed.</summary>
    public static bool SaturationFree { get; } = IsSaturationFree(CpuFeatures.Current);

    /// <summary>The encoding that <see cref="WeightEncoding.Auto"/> stands for on this CPU.</summary>
    public static WeightEncoding Resolve(WeightEncoding requested) => Resolve(requested, CpuFeatures.Current);

    /// <summary>The encoding that <see cref="WeightEncoding.Auto"/> stands for on <paramref name="cpu"/>.</summary>
    public static WeightEncoding Resolve(WeightEncoding requested, CpuFeatures cpu) =>
        requested != WeightEncoding.Auto ? requested : IsSaturationFree(cpu) ? WeightEncoding.Signed : WeightEncoding.Unsigned;

    /// <summary>True when u8×s8 products cannot saturate on <paramref name="cpu"/>: ARM64, or x86 with VNNI.</summary>
    public static bool IsSaturationFree(CpuFeatures cpu) => !cpu.IsX86 || cpu.AvxVnni || cpu.Avx512Vnni;
}
