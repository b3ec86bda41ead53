using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>core/v1 Namespace: ValidateNamespace (a DNS label name, finalizer names) and ValidateNamespaceUpdate.</summary>
internal sealed class NamespaceValidator : IKindValidator
{
    public List<FieldError> Validate(JsonObject obj)
    {
        var errors = ObjectMetaValidator.Validate(obj, namespaced: false, Names.NameIsDnsLabel);
        var path = FieldPath.Root("spec").Child("finalizers");
        foreach (var finalizer in JsonRead.Strings(obj["spec"]?["finalizers"]))
        {
            errors.AddRange(Checks.Each(path, finalizer, Names.QualifiedName(finalizer)));
            if (!finalizer.Contains('/', StringComparison.Ordinal) && finalizer != "kubernetes")
            {
                errors.Add(FieldError.Invalid(path, GoSyntax.Quote(finalizer), "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }

        return errors;
    }

    public List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old) => ObjectMetaValidator.ValidateUpdate(obj, old);
}
