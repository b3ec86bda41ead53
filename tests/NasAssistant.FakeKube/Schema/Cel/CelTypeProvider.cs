namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>Resolves the fields of the struct types a rule's <c>self</c> declaration contains (<c>DeclTypeProvider.FindStructFieldType</c>).</summary>
internal sealed class CelTypeProvider
{
    private readonly Dictionary<string, CelDeclType> _structs = new(StringComparer.Ordinal);

    public CelTypeProvider(CelDeclType root) => Index(root);

    public CelType? FieldType(string structName, string field) =>
        _structs.TryGetValue(structName, out var declaration) && declaration.Fields?.GetValueOrDefault(field) is { } found ? found.Type : null;

    private void Index(CelDeclType declaration)
    {
        if (declaration.Type.Kind == CelTypeKind.Struct)
        {
            _structs[declaration.Type.Name] = declaration;
        }

        foreach (var child in (declaration.Fields?.Values ?? []).Append(declaration.ElemType).Append(declaration.KeyType).OfType<CelDeclType>())
        {
            Index(child);
        }
    }
}
