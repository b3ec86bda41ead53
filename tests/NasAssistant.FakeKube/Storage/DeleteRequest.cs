using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// The DeleteOptions the fake honours: the propagation policy (or the deprecated <c>orphanDependents</c>)
/// and the uid/resourceVersion preconditions. Unset fields leave the choice to the resource's defaults.
/// </summary>
internal sealed record DeleteRequest
{
    public const string Background = "Background";
    public const string Foreground = "Foreground";
    public const string Orphan = "Orphan";

    public static DeleteRequest Default { get; } = new();

    public string? PropagationPolicy { get; init; }

    public bool? OrphanDependents { get; init; }

    public string? PreconditionUid { get; init; }

    public string? PreconditionResourceVersion { get; init; }

    public static DeleteRequest WithPolicy(string? policy) => new() { PropagationPolicy = policy };

    /// <summary>422 for options the real server refuses. Port of ValidateDeleteOptions (apimachinery/pkg/apis/meta/v1/validation).</summary>
    public void Validate()
    {
        var errors = new List<FieldError>();
        if (OrphanDependents is not null && PropagationPolicy is not null)
        {
            errors.Add(FieldError.Invalid("propagationPolicy", FieldError.Render(JsonValue.Create(PropagationPolicy)), "orphanDependents and deletionPropagation cannot be both set"));
        }

        if (PropagationPolicy is not (null or Foreground or Background or Orphan))
        {
            errors.Add(FieldError.NotSupported("propagationPolicy", FieldError.Render(JsonValue.Create(PropagationPolicy)), ["\"Foreground\"", "\"Background\"", "\"Orphan\"", "\"nil\""]));
        }

        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid("DeleteOptions", "meta.k8s.io", string.Empty, errors);
        }
    }
}
