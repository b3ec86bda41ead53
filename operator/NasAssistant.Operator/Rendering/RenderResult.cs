namespace NasAssistant.Operator.Rendering;

/// <summary>Rendered manifests, or every reason there are none.</summary>
internal sealed record RenderResult(string? Manifests, IReadOnlyList<string> Errors)
{
    public static RenderResult Succeeded(string manifests) => new(manifests, []);

    public static RenderResult Failed(IReadOnlyList<string> errors) => new(null, errors);
}
