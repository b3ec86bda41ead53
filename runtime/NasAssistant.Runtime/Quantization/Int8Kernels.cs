using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NasAssistant.Runtime.Quantization;

/// <summary>
/// What ONNX Runtime's integer GEMM (MLAS) does with unsigned activations × signed weights on this CPU.
/// </summary>
/// <remarks>
/// <c>MatMulIntegerToFloat</c> and <c>DynamicQuantizeMatMul</c> multiply uint8 activations by the int8 weights.
/// With VNNI (<c>vpdpbusd</c>, AVX512-VNNI or AVX-VNNI) the products accumulate straight into int32. Plain
/// AVX2/AVX-512BW kernels use <c>vpmaddubsw</c>, which adds two u8×s8 products into a saturating int16:
/// 255×127×2 = 64770 overflows it, so ONNX Runtime's Python quantizer offers <c>reduce_range</c>, 7-bit
/// weights (255×64×2 = 32640 fits). ARM64 kernels widen before adding and never saturate.
/// Measured on all-MiniLM-L6-v2 (30 sentences, per-channel scales, per-row activations, AVX512-VNNI CPU):
/// 8-bit weights keep a minimum cosine of 0.998 to FP32 (mean 0.999), 7-bit 0.996 (mean 0.998), at the same
/// speed; so the full range where it cannot saturate and the reduced range elsewhere. Per-tensor weight scales
/// fall to 0.95 (8-bit) and 0.83 (7-bit), which is why per-channel is the default. Per-row activations span
/// 0-255 in every row (its minimum maps to 0, its maximum to 255), which makes saturating pairs likelier than
/// with one range per tensor, where most values sit near the zero point.
/// </remarks>
internal static class Int8Kernels
{
    /// <summary>True when u8×s8 products cannot saturate here, so weights may use the full 8-bit range.</summary>
    public static bool SaturationFree { get; } = Detect();

    /// <summary>The range that <see cref="WeightRange.Auto"/> stands for on this CPU.</summary>
    public static WeightRange Resolve(WeightRange requested) =>
        requested != WeightRange.Auto ? requested : SaturationFree ? WeightRange.Full : WeightRange.Reduced;

    private static bool Detect()
    {
        if (RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.X86))
        {
            return true;
        }

        if (AvxVnni.IsSupported)
        {
            return true;
        }

        // .NET exposes AVX512-VNNI only through AVX10; CPUID leaf 7 ECX bit 11 reports it on
        // Cascade Lake/Ice Lake/Zen 4, and Avx512F.IsSupported says the OS saves the 512-bit state.
        const int Avx512VnniBit = 1 << 11;
        return Avx512F.IsSupported && (X86Base.CpuId(7, 0).Ecx & Avx512VnniBit) != 0;
    }
}
