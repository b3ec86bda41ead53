using System.Xml;

namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>
/// Field and type descriptions from the KubernetesClient package's XML documentation (the Go doc
/// comments the client was generated from), read once and only for the models the fake serves.
/// </summary>
internal sealed class ModelDescriptions
{
    private const string Folder = "fakekube-openapi";
    private const string FileName = "KubernetesClient.xml";

    private readonly Dictionary<string, string> _summaries;

    private ModelDescriptions(Dictionary<string, string> summaries) => _summaries = summaries;

    public static ModelDescriptions Empty { get; } = new([]);

    public string? OfType(Type type) => _summaries.GetValueOrDefault($"T:{type.FullName}");

    public string? OfProperty(Type type, string property) => _summaries.GetValueOrDefault($"P:{type.FullName}.{property}");

    /// <summary>Reads the documentation file the build copies beside this assembly; none when it is missing.</summary>
    public static ModelDescriptions Load(IReadOnlySet<Type> types)
    {
        var directory = Path.GetDirectoryName(typeof(ModelDescriptions).Assembly.Location) ?? AppContext.BaseDirectory;
        var path = Path.Combine(directory, Folder, FileName);
        if (!File.Exists(path))
        {
            return Empty;
        }

        var wanted = types.Select(t => t.FullName!).ToHashSet(StringComparer.Ordinal);
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = XmlReader.Create(path, new XmlReaderSettings { IgnoreComments = true, DtdProcessing = DtdProcessing.Ignore });
        while (reader.ReadToFollowing("member"))
        {
            var name = reader.GetAttribute("name");
            if (name is null || !IsWanted(name, wanted) || !reader.ReadToDescendant("summary"))
            {
                continue;
            }

            summaries[name] = Normalize(reader.ReadElementContentAsString());
        }

        return new ModelDescriptions(summaries);
    }

    private static bool IsWanted(string member, HashSet<string> types)
    {
        if (member.StartsWith("T:", StringComparison.Ordinal))
        {
            return types.Contains(member[2..]);
        }

        if (!member.StartsWith("P:", StringComparison.Ordinal))
        {
            return false;
        }

        var dot = member.LastIndexOf('.');
        return dot > 2 && types.Contains(member[2..dot]);
    }

    // The XML wraps lines; paragraphs are separated by blank lines, as in the Go comments.
    private static string Normalize(string text)
    {
        var paragraphs = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split("\n\n");
        return string.Join("\n\n", paragraphs
            .Select(p => string.Join(' ', p.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)))
            .Where(p => p.Length > 0));
    }
}
