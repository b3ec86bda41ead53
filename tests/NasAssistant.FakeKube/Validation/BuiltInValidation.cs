using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation.Kinds;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// Create and update validation of built-in kinds as the registry runs it (rest.BeforeCreate /
/// BeforeUpdate in k8s.io/apiserver): the kind's strategy validation, then the generic ObjectMeta
/// check every kind gets (names usable as URL path segments). All errors of a step are reported in
/// one 422 Invalid.
/// </summary>
internal static class BuiltInValidation
{
    private static readonly Dictionary<(string Group, string Plural), IKindValidator> Validators = new()
    {
        [("apps", "deployments")] = new DeploymentValidator(),
        [("", "services")] = new ServiceValidator(),
        [("", "configmaps")] = new ConfigMapValidator(),
        [("", "secrets")] = new SecretValidator(),
        [("", "persistentvolumeclaims")] = new PersistentVolumeClaimValidator(),
        [("", "namespaces")] = new NamespaceValidator(),
        [("networking.k8s.io", "networkpolicies")] = new NetworkPolicyValidator(),
        [("autoscaling", "horizontalpodautoscalers")] = new HorizontalPodAutoscalerValidator(),
        [("policy", "poddisruptionbudgets")] = new PodDisruptionBudgetValidator(),
        [("storage.k8s.io", "storageclasses")] = new StorageClassValidator(),
        [("coordination.k8s.io", "leases")] = new LeaseValidator(),
        [("rbac.authorization.k8s.io", "roles")] = new RoleValidator(),
        [("rbac.authorization.k8s.io", "rolebindings")] = new RoleBindingValidator(),
    };

    public static void Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var validator = Validators.GetValueOrDefault((type.Group, type.Plural));
        if (old is null)
        {
            // BeforeCreate: the strategy's errors first; the generic check only once those pass.
            Throw(type, obj, validator?.Validate(obj) ?? []);
            Throw(type, obj, ObjectMetaValidator.Validate(obj, type.Namespaced, Names.NameIsPathSegment, kubeFinalizers: false));
        }
        else
        {
            // BeforeUpdate: the generic checks and the strategy's, reported together.
            var errors = ObjectMetaValidator.Validate(obj, type.Namespaced, Names.NameIsPathSegment, kubeFinalizers: false);
            errors.AddRange(ObjectMetaValidator.ValidateUpdate(obj, old, kubeFinalizers: false));
            errors.AddRange(validator?.ValidateUpdate(obj, old) ?? []);
            Throw(type, obj, errors);
        }
    }

    private static void Throw(ResourceType type, JsonObject obj, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid(type.Kind, type.Group, Meta.Name(obj), errors);
        }
    }
}
