using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>
/// The common shape of a namespaced kind's validation: ValidateObjectMeta with the kind's name rule plus
/// its spec on create; ValidateObjectMetaUpdate plus the spec again on update.
/// </summary>
internal abstract class SpecValidator(NameRule nameRule) : IKindValidator
{
    protected static FieldPath SpecPath { get; } = FieldPath.Root("spec");

    public List<FieldError> Validate(JsonObject obj)
    {
        var errors = ObjectMetaValidator.Validate(obj, namespaced: true, nameRule);
        errors.AddRange(Spec(SpecOf(obj), null));
        return errors;
    }

    public virtual List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = ObjectMetaValidator.ValidateUpdate(obj, old);
        errors.AddRange(Spec(SpecOf(obj), SpecOf(old)));
        return errors;
    }

    /// <summary>The spec's own rules; <paramref name="oldSpec"/> is set on update.</summary>
    protected abstract List<FieldError> Spec(JsonObject spec, JsonObject? oldSpec);

    protected static JsonObject SpecOf(JsonObject obj) => obj["spec"] as JsonObject ?? new JsonObject();
}
