using System.Diagnostics;

namespace NasAssistant.Benchmarks;

/// <summary>CPU time of this process.</summary>
internal static class Cpu
{
    public static double Seconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }
}
