namespace NasAssistant.FakeKube.Storage;

/// <summary>The DeleteOptions the fake honours.</summary>
internal sealed record DeleteRequest(string PropagationPolicy, string? PreconditionUid = null, string? PreconditionResourceVersion = null)
{
    public const string Background = "Background";
    public const string Foreground = "Foreground";
    public const string Orphan = "Orphan";

    public static DeleteRequest Default { get; } = new(Background);
}
