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

    /// <summary>
    /// The resident set split into anonymous memory (heaps, stacks) and file-backed pages (mapped code), in bytes;
    /// zeros once the process is gone.
    /// </summary>
    public static (long Anonymous, long FileBacked) Split(int processId)
    {
        try
        {
            long Field(IEnumerable<string> lines, string name) => lines.Where(l => l.StartsWith(name, StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).FirstOrDefault();
            var lines = File.ReadLines($"/proc/{processId}/status").ToList();
            return (Field(lines, "RssAnon:"), Field(lines, "RssFile:") + Field(lines, "RssShmem:"));
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }
}
