using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Pods;

/// <summary>
/// ValidatePodTemplateSpec and ValidatePodSpec (pkg/apis/core/validation/validation.go), for pod
/// specs embedded in workloads. Windows-only settings, sysctls, DNS config details and resource
/// claims' own fields are not checked.
/// </summary>
internal static class PodSpecValidator
{
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

    /// <summary>ValidatePodTemplateSpec: the template's labels and annotations, then its spec.</summary>
    public static List<FieldError> Template(JsonObject? template, FieldPath path)
    {
        var meta = template?["metadata"] as JsonObject;
        var errors = LabelSelectorValidator.Labels(meta?["labels"], path.Child("labels")).ToList();
        errors.AddRange(ObjectMetaValidator.Annotations(meta?["annotations"], path.Child("annotations")));
        var spec = template?["spec"] as JsonObject ?? new JsonObject();
        errors.AddRange(Spec(spec, path.Child("spec")));
        if (JsonRead.HasEntries(spec["ephemeralContainers"]))
        {
            errors.Add(Checks.Forbidden(path.Child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
        }

        return errors;
    }

    /// <summary>ValidatePodSpec.</summary>
    public static List<FieldError> Spec(JsonObject spec, FieldPath path)
    {
        var errors = new List<FieldError>();
        var grace = JsonRead.Long(spec["terminationGracePeriodSeconds"]);
        if (grace is null)
        {
            errors.Add(Checks.Required(path.Child("terminationGracePeriodSeconds")));
        }

        var hostUsers = JsonRead.Bool(spec["hostUsers"]) != false;
        var volumes = VolumeValidator.Validate(spec["volumes"], path.Child("volumes"), errors);
        var claims = JsonRead.Objects(spec["resourceClaims"]).Select(c => JsonRead.Text(c["name"])).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        var containers = new ContainerValidator(volumes, claims, hostUsers);
        errors.AddRange(containers.Containers(spec["containers"], path.Child("containers")));
        errors.AddRange(containers.InitContainers(spec["initContainers"], spec["containers"], path.Child("initContainers")));
        errors.AddRange(HostNetworkPorts(spec, path));

        var restartPolicy = JsonRead.Text(spec["restartPolicy"]);
        if (restartPolicy.Length == 0)
        {
            errors.Add(Checks.Required(path.Child("restartPolicy")));
        }
        else if (!RestartPolicies.Contains(restartPolicy))
        {
            errors.Add(Checks.NotSupported(path.Child("restartPolicy"), restartPolicy, RestartPolicies));
        }

        var dnsPolicy = JsonRead.Text(spec["dnsPolicy"]);
        if (dnsPolicy.Length == 0)
        {
            errors.Add(Checks.Required(path.Child("dnsPolicy")));
        }
        else if (!DnsPolicies.Contains(dnsPolicy))
        {
            errors.Add(Checks.NotSupported(path.Child("dnsPolicy"), dnsPolicy, DnsPolicies));
        }

        // ValidateLabels on the node selector: keys are qualified names, values label values.
        errors.AddRange(LabelSelectorValidator.Labels(spec["nodeSelector"], path.Child("nodeSelector")));
        errors.AddRange(SecurityContextValidator.Pod(spec, path.Child("securityContext")));
        errors.AddRange(SchedulingValidator.Affinity(spec["affinity"], path.Child("affinity")));
        if (dnsPolicy == "None" && spec["dnsConfig"] is not JsonObject)
        {
            errors.Add(Checks.Required(path.Child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None"));
        }

        var gates = JsonRead.Objects(spec["readinessGates"]);
        for (var i = 0; i < gates.Count; i++)
        {
            var condition = JsonRead.Text(gates[i]["conditionType"]);
            errors.AddRange(Checks.Each(path.Child("readinessGates").Index(i).Child("conditionType"), condition, Names.QualifiedName(condition)));
        }

        errors.AddRange(SchedulingValidator.TopologySpread(spec["topologySpreadConstraints"], path.Child("topologySpreadConstraints")));
        errors.AddRange(OptionalName(spec, "serviceAccountName", path, Names.NameIsDnsSubdomain));
        errors.AddRange(OptionalName(spec, "nodeName", path, Names.NameIsDnsSubdomain));
        if (JsonRead.Long(spec["activeDeadlineSeconds"]) is { } deadline && (deadline < 1 || deadline > int.MaxValue))
        {
            errors.Add(FieldError.Invalid(path.Child("activeDeadlineSeconds"), GoValue.Int(deadline), Names.InclusiveRange(1, int.MaxValue)));
        }

        errors.AddRange(OptionalName(spec, "hostname", path, (n, _) => Names.Dns1123Label(n)));
        errors.AddRange(OptionalName(spec, "subdomain", path, (n, _) => Names.Dns1123Label(n)));
        errors.AddRange(SchedulingValidator.Tolerations(spec["tolerations"], path.Child("tolerations")));
        var aliases = JsonRead.Objects(spec["hostAliases"]);
        for (var i = 0; i < aliases.Count; i++)
        {
            var hostnames = JsonRead.Strings(aliases[i]["hostnames"]);
            for (var j = 0; j < hostnames.Count; j++)
            {
                errors.AddRange(Checks.Each(path.Child("hostAliases").Index(i).Child("hostnames").Index(j), hostnames[j], Names.Dns1123Subdomain(hostnames[j])));
            }
        }

        errors.AddRange(OptionalName(spec, "priorityClassName", path, Names.NameIsDnsSubdomain));
        if (JsonRead.OptionalText(spec["runtimeClassName"]) is { } runtimeClass)
        {
            errors.AddRange(Checks.Each(path.Child("runtimeClassName"), runtimeClass, Names.Dns1123Subdomain(runtimeClass)));
        }

        if (JsonRead.OptionalText(spec["preemptionPolicy"]) is { } preemption)
        {
            errors.AddRange(preemption switch
            {
                "PreemptLowerPriority" or "Never" => [],
                "" => [Checks.Required(path.Child("preemptionPolicy"))],
                _ => [Checks.NotSupported(path.Child("preemptionPolicy"), preemption, "PreemptLowerPriority", "Never")],
            });
        }

        if (spec["overhead"] is JsonObject overhead)
        {
            errors.AddRange(ResourceRequirementsValidator.Validate(new JsonObject { ["limits"] = overhead.DeepClone() }, path.Child("overhead"), claims));
        }

        if (spec["os"] is JsonObject os)
        {
            var name = JsonRead.Text(os["name"]);
            if (name.Length == 0)
            {
                errors.Add(Checks.Required(path.Child("os", "name"), "cannot be empty"));
            }
            else if (name is not ("linux" or "windows"))
            {
                errors.Add(Checks.NotSupported(path.Child("os"), name, "linux", "windows"));
            }
        }

        return errors;
    }

    // validatePodHostNetworkDeps for a template: a host port, if set, must equal the container port.
    private static List<FieldError> HostNetworkPorts(JsonObject spec, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (JsonRead.Bool(spec["hostNetwork"]) != true)
        {
            return errors;
        }

        var containers = JsonRead.Objects(spec["containers"]);
        for (var i = 0; i < containers.Count; i++)
        {
            var ports = JsonRead.Objects(containers[i]["ports"]);
            for (var j = 0; j < ports.Count; j++)
            {
                var hostPort = JsonRead.Long(ports[j]["hostPort"]) ?? 0;
                if (hostPort != 0 && hostPort != (JsonRead.Long(ports[j]["containerPort"]) ?? 0))
                {
                    errors.Add(FieldError.Invalid(path.Child("containers").Index(i).Child("ports").Index(j).Child("hostPort"),
                        GoValue.Int(hostPort), "must match `containerPort` when `hostNetwork` is true"));
                }
            }
        }

        return errors;
    }

    private static IEnumerable<FieldError> OptionalName(JsonObject spec, string field, FieldPath path, NameRule rule)
    {
        var value = JsonRead.Text(spec[field]);
        return value.Length == 0 ? [] : Checks.Each(path.Child(field), value, rule(value, false));
    }
}
