using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Resources.Channels;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Validation;

/// <summary>
/// Validates and defaults AssistantDeployments exactly as the API server would with the generated
/// CRD: the structural schema first, then the cross-field rules; then the checks Kubernetes makes on
/// the fields passed through to the pods that the CRD cannot make (<see cref="PassThroughChecks"/>), and,
/// when channels are named, the gateway's own checks on the configuration rendered from them (the ids each
/// messenger uses, for one). All errors are reported together.
/// </summary>
internal static class AssistantDeploymentValidator
{
    /// <summary>Validates a parsed document; on success returns the resource with every default filled.</summary>
    public static ValidationResult Validate(JsonNode? document)
    {
        var errors = new List<ValidationError>();
        if (document is not JsonObject obj)
        {
            errors.Add(new("<document>", "must be a YAML mapping (an object)"));
            return new(null, errors);
        }

        var apiVersion = obj["apiVersion"]?.GetValueKind() == JsonValueKind.String ? (string?)obj["apiVersion"] : null;
        var kind = obj["kind"]?.GetValueKind() == JsonValueKind.String ? (string?)obj["kind"] : null;
        if (apiVersion != AssistantDeployment.GroupVersion || kind != AssistantDeployment.KindName)
        {
            errors.Add(new("<document>",
                $"is {kind ?? "an object without kind"} ({apiVersion ?? "no apiVersion"}), not {AssistantDeployment.KindName} ({AssistantDeployment.GroupVersion})"));
            return new(null, errors);
        }

        ValidateMetadata(obj["metadata"], errors);
        // The API server validates metadata itself (ObjectMeta rules), not through the CRD schema.
        var body = obj.DeepClone().AsObject();
        body.Remove("metadata");
        SchemaValidator.Validate(body, CommittedCrd.Schema, "", errors);
        var resource = TryBind(obj);
        if (resource is null)
        {
            // The schema has already said why a value does not fit its field; rules need a bound object.
            if (errors.Count == 0)
            {
                errors.Add(new("<document>", "cannot be read as an AssistantDeployment"));
            }

            return new(null, errors);
        }

        // Rules see the resource as the API server does: defaulted by the schema.
        SchemaDefaults.Apply(body, CommittedCrd.Schema);
        RuleValidator.Validate(body["spec"], CommittedCrd.Schema.Properties["spec"], "spec", errors);
        PassThroughChecks.Validate(resource.Spec, errors);
        if (errors.Count == 0 && GatewayConfigBuilder.Build(resource, new OperatorSettings()) is { } gateway)
        {
            errors.AddRange(GatewayConfigValidator.Validate(gateway).Select(FromGateway));
        }
        return new(errors.Count == 0 ? resource : null, errors);
    }

    /// <summary>Checks an already typed resource (as read from the API server) against the same rules.</summary>
    public static IReadOnlyList<ValidationError> Validate(AssistantDeployment resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var document = OperatorJson.ToTree(resource);
        document.Remove("status");
        return Validate(document).Errors;
    }

    private static void ValidateMetadata(JsonNode? metadata, List<ValidationError> errors)
    {
        var name = metadata?["name"];
        if (name is null)
        {
            errors.Add(new("metadata.name", "Required value: name is required"));
        }
        else if (name.GetValueKind() != JsonValueKind.String
            || !System.Text.RegularExpressions.Regex.IsMatch((string)name!, NamePatterns.Dns1123Label))
        {
            // Children are named NAME-models, NAME-sessions, ...: the name must leave room and be a DNS label.
            errors.Add(new("metadata.name", $"Invalid value: {name.ToJsonString()}: must be a lowercase DNS label that starts with a letter, at most 52 characters (children are named NAME-sessions and the like)"));
        }
    }

    // The gateway writes "key: message" with its configuration's keys; a channel's are the spec's own (channels[i]...).
    private static ValidationError FromGateway(string error)
    {
        var colon = error.IndexOf(": ", StringComparison.Ordinal);
        return new ValidationError("spec." + error[..colon], error[(colon + 2)..]);
    }

    private static AssistantDeployment? TryBind(JsonObject document)
    {
        try
        {
            return OperatorJson.Deserialize<AssistantDeployment>(document);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }
}
