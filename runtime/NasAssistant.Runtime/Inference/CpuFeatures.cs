using System.Runtime.InteropServices;
using X86 = System.Runtime.Intrinsics.X86;

namespace NasAssistant.Runtime.Inference;

/// <summary>The instruction-set extensions that decide which ONNX Runtime code paths are safe and fast on a CPU.</summary>
/// <param name="Architecture">The process architecture.</param>
/// <param name="Avx">x86: 256-bit AVX.</param>
/// <param name="Avx2">x86: AVX2 (Haswell, Zen, Gracemont cores such as the N100).</param>
/// <param name="Fma">x86: fused multiply-add (FMA3), which ONNX Runtime's AVX2 kernels need beside AVX2.</param>
/// <param name="AvxVnni">x86: the 256-bit VNNI of Alder Lake and later.</param>
/// <param name="Avx512Vnni">x86: AVX512-VNNI (Cascade Lake, Ice Lake, Zen 4).</param>
internal sealed record CpuFeatures(Architecture Architecture, bool Avx, bool Avx2, bool Fma, bool AvxVnni, bool Avx512Vnni)
{
    /// <summary>The CPU this process runs on.</summary>
    public static CpuFeatures Current { get; } = Detect();

    /// <summary>True on x86-64 (and 32-bit x86), whose ONNX Runtime kernels depend on the extensions above.</summary>
    public bool IsX86 => Architecture is Architecture.X64 or Architecture.X86;

    /// <summary>For the log: the architecture and the extensions found, e.g. <c>x64 (avx avx2 fma)</c> or <c>x64 (no avx)</c>.</summary>
    public string Describe()
    {
        var name = Architecture.ToString().ToLowerInvariant();
        if (!IsX86)
        {
            return name;
        }

        var found = new[] { (Avx, "avx"), (Avx2, "avx2"), (Fma, "fma"), (AvxVnni, "avx-vnni"), (Avx512Vnni, "avx512-vnni") }
            .Where(feature => feature.Item1)
            .Select(feature => feature.Item2)
            .ToArray();
        return $"{name} ({(found.Length > 0 ? string.Join(' ', found) : "no avx")})";
    }

    private static CpuFeatures Detect()
    {
        var architecture = RuntimeInformation.ProcessArchitecture;
        if (architecture is not (Architecture.X64 or Architecture.X86))
        {
            return new CpuFeatures(architecture, false, false, false, false, false);
        }

        // .NET exposes AVX512-VNNI only through AVX10; CPUID leaf 7 ECX bit 11 reports it on
        // Cascade Lake/Ice Lake/Zen 4, and Avx512F.IsSupported says the OS saves the 512-bit state.
        const int Avx512VnniBit = 1 << 11;
        var avx512Vnni = X86.Avx512F.IsSupported && (X86.X86Base.CpuId(7, 0).Ecx & Avx512VnniBit) != 0;
        return new CpuFeatures(
            architecture, X86.Avx.IsSupported, X86.Avx2.IsSupported, X86.Fma.IsSupported, X86.AvxVnni.IsSupported, avx512Vnni);
    }
}
