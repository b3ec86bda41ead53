namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>A map literal <c>{k: v, ?k2: v2}</c>.</summary>
internal sealed class CelCreateMap(long id, IReadOnlyList<CelMapEntry> entries) : CelExpr(id)
{
    public IReadOnlyList<CelMapEntry> Entries { get; } = entries;
}
