namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// The placeholder name of a rule's <c>self</c> type: <c>selfType</c> plus the current nanosecond, so
/// that rules cannot depend on it (<c>generateUniqueSelfTypeName</c>, <c>compilation.go</c>).
/// </summary>
internal static class CelTypeNames
{
    public static string SelfType() => $"selfType{DateTime.UtcNow.Ticks % TimeSpan.TicksPerSecond * 100}";
}
