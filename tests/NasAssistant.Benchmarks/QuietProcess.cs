using System.Diagnostics;

namespace NasAssistant.Benchmarks;

/// <summary>Child processes whose output is read and dropped, so that a full pipe never stalls them while they are measured.</summary>
internal static class QuietProcess
{
    /// <summary>Runs <c>dotnet exec</c> on an assembly beside the benchmark, with the given arguments.</summary>
    /// <param name="assembly">File name of the assembly in the benchmark's folder.</param>
    /// <param name="arguments">Its command line.</param>
    /// <param name="environment">Changes to the inherited environment: a null value removes the variable.</param>
    public static Process Start(string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, assembly), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
