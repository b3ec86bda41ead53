namespace NasAssistant.Runtime.Quantization;

/// <summary>
/// Lists of nodes to keep in FP32: one name a line, <c>#</c> starts a comment. The sensitivity sweep
/// (<see cref="SensitivitySweep"/>, <c>quantize --sweep</c>) writes them; the runtime embeds one for each source model it
/// knows, named by the model's SHA-256 (<c>Quantization/Fp32Nodes/&lt;sha256&gt;.txt</c>), so quantizing that model gives
/// the same file on every machine, whatever its CPU measures.
/// </summary>
internal static class Fp32NodeLists
{
    private const string ResourcePrefix = "fp32-nodes/";

    /// <summary>The stored list for a source model, or an empty set when there is none.</summary>
    public static IReadOnlySet<string> ForSource(string sourceSha256)
    {
        ArgumentNullException.ThrowIfNull(sourceSha256);
        using var stream = typeof(Fp32NodeLists).Assembly.GetManifestResourceStream(ResourcePrefix + sourceSha256.ToLowerInvariant() + ".txt");
        if (stream is null)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    /// <summary>Reads a list file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlySet<string> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    /// <summary>The names in a list: each line up to its <c>#</c>, trimmed; blank lines skipped.</summary>
    public static IReadOnlySet<string> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var comment = line.IndexOf('#', StringComparison.Ordinal);
            var name = (comment < 0 ? line : line[..comment]).Trim();
            if (name.Length > 0)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
