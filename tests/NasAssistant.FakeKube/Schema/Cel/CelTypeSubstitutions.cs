using System.Diagnostics.CodeAnalysis;

namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>Type-parameter bindings found while resolving overloads (cel-go's checker <c>mapping</c>).</summary>
internal sealed class CelTypeSubstitutions
{
    private readonly Dictionary<string, CelType> _bindings;

    public CelTypeSubstitutions()
        : this(new Dictionary<string, CelType>(StringComparer.Ordinal))
    {
    }

    private CelTypeSubstitutions(Dictionary<string, CelType> bindings) => _bindings = bindings;

    public bool TryFind(CelType parameter, [NotNullWhen(true)] out CelType? binding)
    {
        binding = null;
        return parameter.Kind == CelTypeKind.TypeParam && _bindings.TryGetValue(parameter.Name, out binding);
    }

    public void Add(CelType parameter, CelType binding) => _bindings[parameter.Name] = binding;

    public CelTypeSubstitutions Copy() => new(new Dictionary<string, CelType>(_bindings, StringComparer.Ordinal));
}
