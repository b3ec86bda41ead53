using NasAssistant.FakeKube.Printing;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// One served resource (built-in or from a CRD): where it lives in the URL space, what it is called,
/// and which subresources and schema it has.
/// </summary>
internal sealed record ResourceType
{
    public required string Group { get; init; }

    /// <summary>Versions served; the first is the preferred (storage) version.</summary>
    public required IReadOnlyList<string> Versions { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    public bool HasStatus { get; init; }

    public ScaleSpec? Scale { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Structural schema per version (CRDs only); null means no schema checks.</summary>
    public IReadOnlyDictionary<string, CompiledSchema> Schemas { get; init; } = new Dictionary<string, CompiledSchema>();

    /// <summary>Table columns per version from the CRD's additionalPrinterColumns (CRDs only).</summary>
    public IReadOnlyDictionary<string, ITableConvertor> TableConvertors { get; init; } = new Dictionary<string, ITableConvertor>();

    /// <summary>True when the resource comes from a CustomResourceDefinition.</summary>
    public bool IsCustom { get; init; }

    /// <summary>
    /// Whether an immediate delete answers with the deleted object rather than a Success Status
    /// (the registry's ReturnDeletedObject).
    /// </summary>
    public bool ReturnsDeletedObject { get; init; }

    /// <summary>Storage key and the "qualified resource" used in error messages, e.g. <c>deployments.apps</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => $"{Kind}List";

    public string ApiVersion(string version) => Group.Length == 0 ? version : $"{Group}/{version}";

    public string PreferredApiVersion => ApiVersion(Versions[0]);

    public CompiledSchema? SchemaFor(string version) =>
        Schemas.TryGetValue(version, out var schema) ? schema : Schemas.GetValueOrDefault(Versions[0]);
}
