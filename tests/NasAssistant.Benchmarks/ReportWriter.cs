using System.Text;

namespace NasAssistant.Benchmarks;

/// <summary>A benchmark's report: printed as it is written, and saved to a file at the end.</summary>
internal sealed class ReportWriter(TextWriter console)
{
    private readonly StringBuilder _text = new();

    /// <summary>Prints <paramref name="line"/> and keeps it for the file.</summary>
    public void Line(string line = "")
    {
        console.WriteLine(line);
        _text.AppendLine(line);
    }

    /// <summary>Writes the report to <paramref name="path"/> (folders created) and says where.</summary>
    public async Task SaveAsync(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, _text.ToString());
        console.WriteLine();
        console.WriteLine($"report written to {full}");
    }
}
