using CpuArchitecture = System.Runtime.InteropServices.Architecture;
using NasAssistant.Runtime.Inference;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>The instruction-set extensions of the CPU families a NAS (or a server) has, by a name tests can use in tables.</summary>
internal static class CpuFeatureSets
{
    private static readonly Dictionary<string, CpuFeatures> ByName = new(StringComparer.Ordinal)
    {
        // Celeron J4125 (Goldmont Plus), N5105 (Tremont), Atom C3000 (Goldmont): SSE4.2, no AVX.
        ["J4125"] = new(CpuArchitecture.X64, Avx: false, Avx2: false, Fma: false, AvxVnni: false, Avx512Vnni: false),
        ["SandyBridge"] = new(CpuArchitecture.X64, Avx: true, Avx2: false, Fma: false, AvxVnni: false, Avx512Vnni: false),
        // No shipping CPU has AVX2 without FMA, but a hypervisor can mask FMA alone.
        ["Avx2WithoutFma"] = new(CpuArchitecture.X64, Avx: true, Avx2: true, Fma: false, AvxVnni: false, Avx512Vnni: false),
        // Haswell to Coffee Lake, Zen 1 to 3: AVX2 and FMA without VNNI.
        ["Haswell"] = new(CpuArchitecture.X64, Avx: true, Avx2: true, Fma: true, AvxVnni: false, Avx512Vnni: false),
        ["AlderLake"] = new(CpuArchitecture.X64, Avx: true, Avx2: true, Fma: true, AvxVnni: true, Avx512Vnni: false),
        ["CascadeLake"] = new(CpuArchitecture.X64, Avx: true, Avx2: true, Fma: true, AvxVnni: false, Avx512Vnni: true),
        // Cortex-A55/A76 (and any other ARM64 core): the x86 extensions do not apply.
        ["Arm64"] = new(CpuArchitecture.Arm64, Avx: false, Avx2: false, Fma: false, AvxVnni: false, Avx512Vnni: false),
    };

    public static CpuFeatures Named(string name) => ByName[name];
}
