using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Pods;

/// <summary>
/// Where pods may run: validateAffinity (node selector terms, pod (anti-)affinity terms),
/// ValidateTolerations and validateTopologySpreadConstraints.
/// </summary>
internal static class SchedulingValidator
{
    private static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>ValidateTolerations.</summary>
    public static List<FieldError> Tolerations(JsonNode? node, FieldPath path)
    {
        var errors = new List<FieldError>();
        var tolerations = JsonRead.Objects(node);
        for (var i = 0; i < tolerations.Count; i++)
        {
            var toleration = tolerations[i];
            var itemPath = path.Index(i);
            var key = JsonRead.Text(toleration["key"]);
            var op = JsonRead.Text(toleration["operator"]);
            var value = JsonRead.Text(toleration["value"]);
            var effect = JsonRead.Text(toleration["effect"]);
            if (key.Length > 0)
            {
                errors.AddRange(Checks.Each(itemPath.Child("key"), key, Names.QualifiedName(key)));
            }

            // An empty key with Exists and no value matches every taint.
            if (key.Length == 0 && op != "Exists")
            {
                errors.Add(FieldError.Invalid(itemPath.Child("operator"), GoSyntax.Quote(op),
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }

            if (toleration["tolerationSeconds"] is not null && effect != "NoExecute")
            {
                errors.Add(FieldError.Invalid(itemPath.Child("effect"), GoSyntax.Quote(effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }

            switch (op)
            {
                case "Equal" or "":
                    var messages = Names.LabelValue(value);
                    if (messages.Count > 0)
                    {
                        errors.Add(FieldError.Invalid(itemPath.Child("operator"), GoSyntax.Quote(value), string.Join(";", messages)));
                    }

                    break;
                case "Exists":
                    if (value.Length > 0)
                    {
                        errors.Add(FieldError.Invalid(itemPath.Child("operator"), Toleration(toleration), "value must be empty when `operator` is 'Exists'"));
                    }

                    break;
                default:
                    errors.Add(Checks.NotSupported(itemPath.Child("operator"), op, "Equal", "Exists"));
                    break;
            }

            if (effect.Length > 0 && !TaintEffects.Contains(effect))
            {
                errors.Add(Checks.NotSupported(itemPath.Child("effect"), effect, TaintEffects));
            }
        }

        return errors;
    }

    /// <summary>validateAffinity.</summary>
    public static List<FieldError> Affinity(JsonNode? node, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (node is not JsonObject affinity)
        {
            return errors;
        }

        if (affinity["nodeAffinity"] is JsonObject nodeAffinity)
        {
            var nodePath = path.Child("nodeAffinity");
            if (nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] is JsonObject required)
            {
                errors.AddRange(NodeSelector(required, nodePath.Child("requiredDuringSchedulingIgnoredDuringExecution")));
            }

            var preferred = JsonRead.Objects(nodeAffinity["preferredDuringSchedulingIgnoredDuringExecution"]);
            for (var i = 0; i < preferred.Count; i++)
            {
                var termPath = nodePath.Child("preferredDuringSchedulingIgnoredDuringExecution").Index(i);
                errors.AddRange(Weight(preferred[i], termPath));
                errors.AddRange(NodeSelectorTerm(preferred[i]["preference"] as JsonObject ?? new JsonObject(), termPath.Child("preference")));
            }
        }

        foreach (var kind in new[] { "podAffinity", "podAntiAffinity" })
        {
            if (affinity[kind] is not JsonObject podAffinity)
            {
                continue;
            }

            var kindPath = path.Child(kind);
            var required = JsonRead.Objects(podAffinity["requiredDuringSchedulingIgnoredDuringExecution"]);
            for (var i = 0; i < required.Count; i++)
            {
                errors.AddRange(PodAffinityTerm(required[i], kindPath.Child("requiredDuringSchedulingIgnoredDuringExecution").Index(i)));
            }

            var preferred = JsonRead.Objects(podAffinity["preferredDuringSchedulingIgnoredDuringExecution"]);
            for (var i = 0; i < preferred.Count; i++)
            {
                var termPath = kindPath.Child("preferredDuringSchedulingIgnoredDuringExecution").Index(i);
                errors.AddRange(Weight(preferred[i], termPath));
                errors.AddRange(PodAffinityTerm(preferred[i]["podAffinityTerm"] as JsonObject ?? new JsonObject(), termPath.Child("podAffinityTerm")));
            }
        }

        return errors;
    }

    /// <summary>validateTopologySpreadConstraints.</summary>
    public static List<FieldError> TopologySpread(JsonNode? node, FieldPath path)
    {
        var errors = new List<FieldError>();
        var constraints = JsonRead.Objects(node);
        for (var i = 0; i < constraints.Count; i++)
        {
            var constraint = constraints[i];
            var itemPath = path.Index(i);
            var maxSkew = JsonRead.Long(constraint["maxSkew"]) ?? 0;
            if (maxSkew <= 0)
            {
                errors.Add(FieldError.Invalid(itemPath.Child("maxSkew"), GoValue.Int(maxSkew), "must be greater than zero"));
            }

            var topologyKey = JsonRead.Text(constraint["topologyKey"]);
            if (topologyKey.Length == 0)
            {
                errors.Add(Checks.Required(itemPath.Child("topologyKey"), "can not be empty"));
            }

            var action = JsonRead.Text(constraint["whenUnsatisfiable"]);
            if (action is not ("DoNotSchedule" or "ScheduleAnyway"))
            {
                errors.Add(Checks.NotSupported(itemPath.Child("whenUnsatisfiable"), action, "DoNotSchedule", "ScheduleAnyway"));
            }

            if (constraints.Skip(i + 1).Any(c => JsonRead.Text(c["topologyKey"]) == topologyKey && JsonRead.Text(c["whenUnsatisfiable"]) == action))
            {
                errors.Add(FieldError.Duplicate(itemPath.Child("{topologyKey, whenUnsatisfiable}"), GoSyntax.Quote($"{{{topologyKey}, {action}}}")));
            }

            if (JsonRead.Long(constraint["minDomains"]) is { } minDomains)
            {
                if (minDomains <= 0)
                {
                    errors.Add(FieldError.Invalid(itemPath.Child("minDomains"), GoValue.Int(minDomains), "must be greater than zero"));
                }

                if (action != "DoNotSchedule")
                {
                    errors.Add(FieldError.Invalid(itemPath.Child("minDomains"), GoValue.Int(minDomains), $"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"));
                }
            }

            foreach (var policy in new[] { "nodeAffinityPolicy", "nodeTaintsPolicy" })
            {
                if (JsonRead.OptionalText(constraint[policy]) is { } value && value is not ("Honor" or "Ignore"))
                {
                    errors.Add(Checks.NotSupported(itemPath.Child(policy), value, "Honor", "Ignore"));
                }
            }

            errors.AddRange(MatchLabelKeys(constraint, itemPath.Child("matchLabelKeys")));
            errors.AddRange(LabelSelectorValidator.Validate(constraint["labelSelector"] as JsonObject, itemPath.Child("labelSelector")));
        }

        return errors;
    }

    // ValidateNodeSelector: at least one term.
    private static List<FieldError> NodeSelector(JsonObject selector, FieldPath path)
    {
        var terms = JsonRead.Objects(selector["nodeSelectorTerms"]);
        if (terms.Count == 0)
        {
            return [Checks.Required(path.Child("nodeSelectorTerms"), "must have at least one node selector term")];
        }

        return terms.SelectMany((term, i) => NodeSelectorTerm(term, path.Child("nodeSelectorTerms").Index(i))).ToList();
    }

    // ValidateNodeSelectorTerm: label requirements, and field requirements on metadata.name only.
    private static List<FieldError> NodeSelectorTerm(JsonObject term, FieldPath path)
    {
        var errors = new List<FieldError>();
        var expressions = JsonRead.Objects(term["matchExpressions"]);
        for (var i = 0; i < expressions.Count; i++)
        {
            errors.AddRange(NodeSelectorRequirement(expressions[i], path.Child("matchExpressions").Index(i)));
        }

        var fields = JsonRead.Objects(term["matchFields"]);
        for (var i = 0; i < fields.Count; i++)
        {
            var fieldPath = path.Child("matchFields").Index(i);
            var op = JsonRead.Text(fields[i]["operator"]);
            var values = JsonRead.Strings(fields[i]["values"]);
            if (op is "In" or "NotIn")
            {
                if (values.Count != 1)
                {
                    errors.Add(Checks.Required(fieldPath.Child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
                }
            }
            else
            {
                errors.Add(LabelSelectorValidator.InvalidOperator(fieldPath.Child("operator"), op));
            }

            var key = JsonRead.Text(fields[i]["key"]);
            if (key != "metadata.name")
            {
                errors.Add(FieldError.Invalid(fieldPath.Child("key"), GoSyntax.Quote(key), "not a valid field selector key"));
            }
            else
            {
                for (var j = 0; j < values.Count; j++)
                {
                    errors.AddRange(Checks.Each(fieldPath.Child("values").Index(j), values[j], Names.NameIsDnsSubdomain(values[j], false)));
                }
            }
        }

        return errors;
    }

    // ValidateNodeSelectorRequirement.
    private static List<FieldError> NodeSelectorRequirement(JsonObject requirement, FieldPath path) =>
        LabelSelectorValidator.OperatorAndKey(requirement, path, numeric: true);

    // validatePodAffinityTerm.
    private static List<FieldError> PodAffinityTerm(JsonObject term, FieldPath path)
    {
        var selector = term["labelSelector"] as JsonObject;
        var errors = LabelSelectorValidator.Validate(selector, path.Child("labelSelector")).ToList();
        errors.AddRange(LabelSelectorValidator.Validate(term["namespaceSelector"] as JsonObject, path.Child("namespaceSelector")));
        foreach (var ns in JsonRead.Strings(term["namespaces"]))
        {
            errors.AddRange(Checks.Each(path.Child("namespace"), ns, Names.NameIsDnsLabel(ns, false)));
        }

        errors.AddRange(MatchAndMismatchLabelKeys(term, selector, path));
        var topologyKey = JsonRead.Text(term["topologyKey"]);
        if (topologyKey.Length == 0)
        {
            errors.Add(Checks.Required(path.Child("topologyKey"), "can not be empty"));
        }

        errors.AddRange(Checks.Each(path.Child("topologyKey"), topologyKey, Names.QualifiedName(topologyKey)));
        return errors;
    }

    // validateMatchLabelKeysAndMismatchLabelKeys.
    private static List<FieldError> MatchAndMismatchLabelKeys(JsonObject term, JsonObject? selector, FieldPath path)
    {
        var errors = new List<FieldError>();
        var match = JsonRead.Strings(term["matchLabelKeys"]);
        var mismatch = JsonRead.Strings(term["mismatchLabelKeys"]);
        foreach (var (keys, field) in new[] { (match, "matchLabelKeys"), (mismatch, "mismatchLabelKeys") })
        {
            if (keys.Count == 0)
            {
                continue;
            }

            if (selector is null)
            {
                errors.Add(Checks.Forbidden(path.Child(field), "must not be specified when labelSelector is not set"));
                continue;
            }

            for (var i = 0; i < keys.Count; i++)
            {
                errors.AddRange(Checks.Each(path.Child(field).Index(i), keys[i], Names.QualifiedName(keys[i])));
            }
        }

        if (selector is not null)
        {
            var selectorKeys = JsonRead.Map(selector["matchLabels"]).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var expression in JsonRead.Objects(selector["matchExpressions"]))
            {
                var key = JsonRead.Text(expression["key"]);
                var index = match.ToList().LastIndexOf(key);
                if (index >= 0 && selectorKeys.Contains(key))
                {
                    errors.Add(FieldError.Invalid(path.Index(index), GoSyntax.Quote(key), "exists in both matchLabelKeys and labelSelector"));
                }

                selectorKeys.Add(key);
            }
        }

        for (var i = 0; i < match.Count; i++)
        {
            if (mismatch.Contains(match[i]))
            {
                errors.Add(FieldError.Invalid(path.Child("matchLabelKeys").Index(i), GoSyntax.Quote(match[i]), "exists in both matchLabelKeys and mismatchLabelKeys"));
            }
        }

        return errors;
    }

    // validateMatchLabelKeysInTopologySpread.
    private static List<FieldError> MatchLabelKeys(JsonObject constraint, FieldPath path)
    {
        var keys = JsonRead.Strings(constraint["matchLabelKeys"]);
        if (keys.Count == 0)
        {
            return [];
        }

        var errors = new List<FieldError>();
        var selector = constraint["labelSelector"] as JsonObject;
        var selectorKeys = new HashSet<string>(StringComparer.Ordinal);
        if (selector is null)
        {
            errors.Add(Checks.Forbidden(path, "must not be specified when labelSelector is not set"));
        }
        else
        {
            selectorKeys.UnionWith(JsonRead.Map(selector["matchLabels"]).Select(p => p.Key));
            selectorKeys.UnionWith(JsonRead.Objects(selector["matchExpressions"]).Select(e => JsonRead.Text(e["key"])));
        }

        for (var i = 0; i < keys.Count; i++)
        {
            errors.AddRange(Checks.Each(path.Index(i), keys[i], Names.QualifiedName(keys[i])));
            if (selectorKeys.Contains(keys[i]))
            {
                errors.Add(FieldError.Invalid(path.Index(i), GoSyntax.Quote(keys[i]), "exists in both matchLabelKeys and labelSelector"));
            }
        }

        return errors;
    }

    private static IEnumerable<FieldError> Weight(JsonObject term, FieldPath path)
    {
        var weight = JsonRead.Long(term["weight"]) ?? 0;
        return weight is <= 0 or > 100 ? [FieldError.Invalid(path.Child("weight"), GoValue.Int(weight), "must be in the range 1-100")] : [];
    }

    // core.Toleration as %#v prints it.
    private static string Toleration(JsonObject toleration) => GoValue.Struct("core.Toleration",
        ("Key", GoSyntax.Quote(JsonRead.Text(toleration["key"]))),
        ("Operator", GoSyntax.Quote(JsonRead.Text(toleration["operator"]))),
        ("Value", GoSyntax.Quote(JsonRead.Text(toleration["value"]))),
        ("Effect", GoSyntax.Quote(JsonRead.Text(toleration["effect"]))),
        ("TolerationSeconds", GoValue.Pointer("int64", toleration["tolerationSeconds"])));
}
