using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>
/// rbac.authorization.k8s.io/v1 RoleBinding: ValidateRoleBinding, ValidateRoleBindingSubject and ValidateRoleBindingUpdate
/// (pkg/apis/rbac/validation): a roleRef of this group naming a Role or ClusterRole, which never changes.
/// </summary>
internal sealed class RoleBindingValidator : IKindValidator
{
    private const string RbacGroup = "rbac.authorization.k8s.io";
    private static readonly FieldPath RoleRefPath = FieldPath.Root("roleRef");

    public List<FieldError> Validate(JsonObject obj)
    {
        var errors = ObjectMetaValidator.Validate(obj, namespaced: true, Names.NameIsPathSegment);
        var roleRef = JsonRead.Object(obj["roleRef"]) ?? new JsonObject();
        var group = JsonRead.Text(roleRef["apiGroup"]);
        if (group != RbacGroup)
        {
            errors.Add(Checks.NotSupported(RoleRefPath.Child("apiGroup"), group, RbacGroup));
        }

        var kind = JsonRead.Text(roleRef["kind"]);
        if (kind is not ("Role" or "ClusterRole"))
        {
            errors.Add(Checks.NotSupported(RoleRefPath.Child("kind"), kind, "Role", "ClusterRole"));
        }

        var name = JsonRead.Text(roleRef["name"]);
        if (name.Length == 0)
        {
            errors.Add(Checks.Required(RoleRefPath.Child("name")));
        }
        else
        {
            errors.AddRange(Checks.Each(RoleRefPath.Child("name"), name, Names.NameIsPathSegment(name, false)));
        }

        var subjects = JsonRead.Objects(obj["subjects"]);
        for (var i = 0; i < subjects.Count; i++)
        {
            errors.AddRange(Subject(subjects[i], FieldPath.Root("subjects").Index(i)));
        }

        return errors;
    }

    public List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = Validate(obj);
        errors.AddRange(ObjectMetaValidator.ValidateUpdate(obj, old));
        if (!Semantic.Equal(obj["roleRef"], old["roleRef"]))
        {
            errors.Add(FieldError.Invalid(RoleRefPath, RoleRef(obj["roleRef"]), "cannot change roleRef"));
        }

        return errors;
    }

    // ValidateRoleBindingSubject with isNamespaced true.
    private static IEnumerable<FieldError> Subject(JsonObject subject, FieldPath path)
    {
        var name = JsonRead.Text(subject["name"]);
        if (name.Length == 0)
        {
            yield return Checks.Required(path.Child("name"));
        }

        var group = JsonRead.Text(subject["apiGroup"]);
        var kind = JsonRead.Text(subject["kind"]);
        switch (kind)
        {
            case "ServiceAccount":
                if (name.Length > 0)
                {
                    foreach (var message in Names.NameIsDnsSubdomain(name, false))
                    {
                        yield return FieldError.Invalid(path.Child("name"), GoSyntax.Quote(name), message);
                    }
                }

                if (group.Length > 0)
                {
                    yield return Checks.NotSupported(path.Child("apiGroup"), group, string.Empty);
                }

                break;
            case "User" or "Group":
                if (group != RbacGroup)
                {
                    yield return Checks.NotSupported(path.Child("apiGroup"), group, RbacGroup);
                }

                break;
            default:
                yield return Checks.NotSupported(path.Child("kind"), kind, "ServiceAccount", "User", "Group");
                break;
        }
    }

    // rbac.RoleRef as %#v prints it.
    private static string RoleRef(JsonNode? roleRef) =>
        $"rbac.RoleRef{{APIGroup:{GoSyntax.Quote(JsonRead.Text(roleRef?["apiGroup"]))}, Kind:{GoSyntax.Quote(JsonRead.Text(roleRef?["kind"]))}, Name:{GoSyntax.Quote(JsonRead.Text(roleRef?["name"]))}}}";
}
