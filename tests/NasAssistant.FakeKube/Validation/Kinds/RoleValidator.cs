using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>rbac.authorization.k8s.io/v1 Role: ValidateRole and ValidatePolicyRule (pkg/apis/rbac/validation), names by ValidateRBACName.</summary>
internal sealed class RoleValidator : IKindValidator
{
    private static readonly FieldPath RulesPath = FieldPath.Root("rules");

    public List<FieldError> Validate(JsonObject obj)
    {
        var errors = ObjectMetaValidator.Validate(obj, namespaced: true, Names.NameIsPathSegment);
        errors.AddRange(Rules(obj));
        return errors;
    }

    // ValidateRoleUpdate: ValidateRole, then ValidateObjectMetaUpdate.
    public List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = Validate(obj);
        errors.AddRange(ObjectMetaValidator.ValidateUpdate(obj, old));
        return errors;
    }

    // ValidatePolicyRule with isNamespaced true.
    private static IEnumerable<FieldError> Rules(JsonObject obj)
    {
        var rules = JsonRead.Objects(obj["rules"]);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var path = RulesPath.Index(i);
            if (JsonRead.Strings(rule["verbs"]).Count == 0)
            {
                yield return Checks.Required(path.Child("verbs"), "verbs must contain at least one value");
            }

            var urls = JsonRead.Strings(rule["nonResourceURLs"]);
            if (urls.Count > 0)
            {
                yield return FieldError.Invalid(path.Child("nonResourceURLs"), GoSyntax.StringSlice(urls), "namespaced rules cannot apply to non-resource URLs");
                if (JsonRead.Strings(rule["apiGroups"]).Count > 0 || JsonRead.Strings(rule["resources"]).Count > 0 || JsonRead.Strings(rule["resourceNames"]).Count > 0)
                {
                    yield return FieldError.Invalid(path.Child("nonResourceURLs"), GoSyntax.StringSlice(urls), "rules cannot apply to both regular resources and non-resource URLs");
                }

                continue;
            }

            if (JsonRead.Strings(rule["apiGroups"]).Count == 0)
            {
                yield return Checks.Required(path.Child("apiGroups"), "resource rules must supply at least one api group");
            }

            if (JsonRead.Strings(rule["resources"]).Count == 0)
            {
                yield return Checks.Required(path.Child("resources"), "resource rules must supply at least one resource");
            }
        }
    }
}
