using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NasAssistant.Operator.Crd;

/// <summary>
/// Reads the summaries of the API types' doc comments from the XML documentation file the compiler
/// writes beside each assembly, so the CRD's descriptions are the code's own comments.
/// </summary>
internal sealed partial class XmlDocumentation
{
    private readonly Dictionary<string, string> _summaries;

    private XmlDocumentation(Dictionary<string, string> summaries) => _summaries = summaries;

    /// <summary>Loads the documentation of <paramref name="assembly"/>, which the build copies beside it.</summary>
    [RequiresAssemblyFiles(CrdGenerator.Reflects)]
    public static XmlDocumentation For(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"documentation file {path} is missing; the CRD's descriptions are read from it", path);
        }

        var summaries = XDocument.Load(path).Descendants("member")
            .Where(member => member.Attribute("name") is not null && member.Element("summary") is not null)
            .ToDictionary(member => member.Attribute("name")!.Value, member => Flatten(member.Element("summary")!));
        return new XmlDocumentation(summaries);
    }

    public string? Summary(Type type) => Lookup("T:" + Name(type));

    public string? Summary(PropertyInfo property) => Lookup($"P:{Name(property.DeclaringType!)}.{property.Name}");

    private string? Lookup(string key) => _summaries.TryGetValue(key, out var text) ? text : null;

    private static string Name(Type type) => type.FullName!.Replace('+', '.');

    // <c>x</c> becomes x and <see cref="T:A.B"/> becomes B, so descriptions read as plain text.
    private static string Flatten(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e =>
                    (e.Attribute("cref")?.Value ?? e.Attribute("langword")?.Value ?? "").Split('.', ':')[^1],
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => e.Attribute("name")?.Value,
                XElement e => e.Value,
                _ => "",
            });
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
