using System.Diagnostics;
using System.Globalization;

namespace NasAssistant.Benchmarks;

/// <summary>The resident set size of a child process, as the kernel reports it (<c>VmRSS</c> in <c>/proc/PID/status</c>).</summary>
internal static class ResidentMemory
{
    /// <summary>Bytes resident now; 0 once the process is gone.</summary>
    public static long Of(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
