using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Api.Rules;

namespace NasAssistant.Operator.Validation;

/// <summary>
/// The checks Kubernetes makes on the fields passed through to the pods that the CRD cannot make, so
/// only the operator makes them, before any child is written: the syntax of label keys used as map keys
/// (a CEL rule would run a regular expression on every key, which the API server's cost budget cannot
/// afford) and that no resource request exceeds its limit (a CEL rule would need the quantity library,
/// which the fake API server of the tests lacks; the schema's pattern already refuses negative quantities).
/// </summary>
internal static class PassThroughChecks
{
    public static void Validate(AssistantDeploymentSpec spec, List<ValidationError> errors)
    {
        // ValidatePodSpec: ValidateLabels(spec.NodeSelector); keys are reported at the map, as Kubernetes does.
        LabelKeys(spec.NodeSelector?.Keys, "spec.nodeSelector", errors);
        foreach (var (selector, path) in LabelSelectors(spec.Affinity))
        {
            // ValidateLabelSelector: ValidateLabels(matchLabels)
            LabelKeys(selector.MatchLabels?.Keys, path + ".matchLabels", errors);
        }

        Resources(spec.Resources, "spec.resources", errors);
    }

    private static void LabelKeys(IEnumerable<string>? keys, string path, List<ValidationError> errors)
    {
        foreach (var key in keys ?? [])
        {
            foreach (var message in KubernetesNames.QualifiedNameErrors(key))
            {
                errors.Add(new(path, $"Invalid value: {Quoted(key)}: {message}"));
            }
        }
    }

    // Every label selector of the pod (anti-)affinity terms, with its path (validatePodAffinityTerm).
    private static IEnumerable<(V1LabelSelector Selector, string Path)> LabelSelectors(V1Affinity? affinity)
    {
        var groups = new (string Path, IList<V1PodAffinityTerm>? Required, IList<V1WeightedPodAffinityTerm>? Preferred)[]
        {
            ("spec.affinity.podAffinity", affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution),
            ("spec.affinity.podAntiAffinity", affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution),
        };
        foreach (var (path, required, preferred) in groups)
        {
            var terms = (required ?? []).Select((term, i) => (term, $"{path}.requiredDuringSchedulingIgnoredDuringExecution[{i}]"))
                .Concat((preferred ?? []).Select((weighted, i) => (weighted.PodAffinityTerm, $"{path}.preferredDuringSchedulingIgnoredDuringExecution[{i}].podAffinityTerm")));
            foreach (var (term, termPath) in terms)
            {
                if (term?.LabelSelector is { } labels)
                {
                    yield return (labels, termPath + ".labelSelector");
                }

                if (term?.NamespaceSelector is { } namespaces)
                {
                    yield return (namespaces, termPath + ".namespaceSelector");
                }
            }
        }
    }

    // ValidateContainerResourceRequirements for cpu and memory: no request above its limit.
    private static void Resources(ResourcesSpec resources, string path, List<ValidationError> errors)
    {
        var limits = Amounts(resources.Limits);
        foreach (var (name, request) in Amounts(resources.Requests))
        {
            // Doubles, since a decimal overflows on quantities such as 1e1000; the grammar allows them.
            if (limits.TryGetValue(name, out var limit) && request.ToDouble() > limit.ToDouble())
            {
                // Kubernetes reports this at the requests, not at the one resource.
                errors.Add(new($"{path}.requests", $"Invalid value: {Quoted(request.ToString())}: must be less than or equal to {name} limit of {limit}"));
            }
        }
    }

    private static Dictionary<string, ResourceQuantity> Amounts(ResourceAmounts? amounts)
    {
        var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        if (amounts?.Cpu is { } cpu)
        {
            result["cpu"] = cpu;
        }

        if (amounts?.Memory is { } memory)
        {
            result["memory"] = memory;
        }

        return result;
    }

    private static string Quoted(string value) => System.Text.Json.JsonSerializer.Serialize(value, Json.OperatorJsonContext.Default.String);
}
