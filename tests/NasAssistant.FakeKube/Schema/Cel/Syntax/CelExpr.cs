namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>
/// A node of a parsed CEL expression, shaped like cel-go's AST after macro expansion: literals,
/// identifiers, field selections, calls (operators are calls such as <c>_==_</c>), list and map
/// literals, and comprehensions. The id keys the node's source position and its checked type.
/// </summary>
internal abstract class CelExpr(long id)
{
    public long Id { get; } = id;
}
