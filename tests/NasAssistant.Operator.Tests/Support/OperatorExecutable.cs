using System.Diagnostics;

namespace NasAssistant.Operator.Tests.Support;

/// <summary>
/// The operator as a separate process: this build's own (<c>dotnet exec NasAssistant.Operator.dll</c>) or, when
/// <c>NAS_ASSISTANT_OPERATOR</c> names one, another build of it, such as the Native AOT binary
/// (<c>tests/aot/run.sh</c> runs the process tests against it).
/// </summary>
internal static class OperatorExecutable
{
    /// <summary>The build under test when it is not this one; null runs this build.</summary>
    public static string? External =>
        Environment.GetEnvironmentVariable("NAS_ASSISTANT_OPERATOR") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = External is { } executable
            ? new ProcessStartInfo(executable, args)
            : new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "NasAssistant.Operator.dll"), .. args]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return start;
    }

    /// <summary>Runs a command to its end, feeding <paramref name="input"/> on standard input.</summary>
    public static (int Code, string Output, string Error) Run(IEnumerable<string> args, string input = "")
    {
        using var process = System.Diagnostics.Process.Start(StartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"operator {string.Join(' ', args)} did not exit within a minute");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
