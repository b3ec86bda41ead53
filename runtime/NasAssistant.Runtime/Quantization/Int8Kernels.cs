using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NasAssistant.Runtime.Quantization;

/// <summary>
/// What ONNX Runtime's integer GEMM (MLAS) does with unsigned activations × signed weights on this CPU.
/// </summary>
/// <remarks>
/// <c>DynamicQuantizeMatMul</c> quantizes activations to uint8 and multiplies them by the int8 weights.
/// With VNNI (<c>vpdpbusd</c>, AVX512-VNNI or AVX-VNNI) the products accumulate straight into int32. Plain
/// AVX2/AVX-512BW kernels use <c>vpmaddubsw</c>, which adds two u8×s8 products into a saturating int16:
/// 255×127×2 = 64770 overflows it, so ONNX Runtime's Python quantizer offers <c>reduce_range</c>, 7-bit
/// weights (255×64×2 = 32640 fits). ARM64 kernels widen before adding and never saturate.
/// Measured on all-MiniLM-L6-v2 (30 sentences embedded one at a time, per-channel scales, AVX512-VNNI CPU):
/// 8-bit weights keep a minimum cosine of 0.991 to FP32 (mean 0.994), 7-bit 0.990 (mean 0.993), at the same
/// speed; so the full range where it cannot saturate and the reduced range elsewhere. Per-tensor scales fall
/// to 0.95 (8-bit) and 0.83 (7-bit), which is why per-channel is the default.
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
