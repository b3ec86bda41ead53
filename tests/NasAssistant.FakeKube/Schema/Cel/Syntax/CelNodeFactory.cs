namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>Allocates node ids and records their source offsets while an expression is built.</summary>
internal sealed class CelNodeFactory
{
    private readonly Dictionary<long, int> _offsets = [];
    private long _nextId;

    public IReadOnlyDictionary<long, int> Offsets => _offsets;

    public long NewId(int offset)
    {
        var id = ++_nextId;
        _offsets[id] = offset;
        return id;
    }

    public int OffsetOf(CelExpr expr) => _offsets.GetValueOrDefault(expr.Id);

    public CelIdent Ident(int offset, string name) => new(NewId(offset), name);

    public CelLiteral Literal(int offset, CelType type, object? value) => new(NewId(offset), type, value);

    public CelCall Call(int offset, string function, params CelExpr[] args) => new(NewId(offset), function, null, args);

    public CelCall MemberCall(int offset, string function, CelExpr target, params CelExpr[] args) => new(NewId(offset), function, target, args);

    public CelCreateList List(int offset, params CelExpr[] elements) => new(NewId(offset), elements, new HashSet<int>());
}
