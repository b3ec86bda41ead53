using System.Globalization;

namespace NasAssistant.Benchmarks;

/// <summary>Resident memory of another process, from Linux's <c>/proc</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>The process's resident set size (VmRSS) in bytes; 0 once it is gone (samplers call this from timers, where a throw would end the run).</summary>
    public static long Rss(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
