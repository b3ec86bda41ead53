using System.Text;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Validation;

namespace NasAssistant.Operator.Rendering;

/// <summary>
/// Turns AssistantDeployment YAML into the exact child manifests the reconciler would create, as
/// multi-document YAML. Any invalid document fails the whole render, with every error listed.
/// </summary>
internal static class Renderer
{
    public static RenderResult Render(string yaml, string source, OperatorSettings settings)
    {
        IReadOnlyList<System.Text.Json.Nodes.JsonNode?> documents;
        try
        {
            documents = YamlDocuments.Parse(yaml);
        }
        catch (FormatException e)
        {
            return RenderResult.Failed([$"{source}: {e.Message}"]);
        }

        if (documents.Count == 0)
        {
            return RenderResult.Failed([$"{source}: no AssistantDeployment found (the file has no YAML documents)"]);
        }

        var errors = new List<string>();
        var resources = new List<Api.AssistantDeployment>();
        for (var i = 0; i < documents.Count; i++)
        {
            var result = AssistantDeploymentValidator.Validate(documents[i]);
            if (result.IsValid)
            {
                resources.Add(result.Resource!);
                continue;
            }

            var name = documents[i]?["metadata"]?["name"]?.ToString();
            var label = name is null ? $"{source}: document {i + 1}" : $"{source}: document {i + 1} ({name})";
            errors.AddRange(result.Errors.Select(error => $"{label}: {error}"));
        }

        return errors.Count > 0 ? RenderResult.Failed(errors) : RenderResult.Succeeded(Write(resources, settings));
    }

    private static string Write(IEnumerable<Api.AssistantDeployment> resources, OperatorSettings settings)
    {
        var documents = new List<string>();
        foreach (var resource in resources)
        {
            var desired = DesiredStateBuilder.Build(resource, settings);
            var selfSigned = TlsBuilder.BuildSelfSignedRequest(resource, settings);
            var first = true;
            foreach (var child in desired.Objects)
            {
                var text = ManifestYaml.Write(child);
                if (first && selfSigned is { } request)
                {
                    text = Describe(request) + text;
                }

                if (child is k8s.Models.V1ServiceAccount)
                {
                    text = $"# Secret {Naming.GatewayKeySecret(resource)}: the gateway's API key for the assistant, issued at random by the operator\n" + text;
                }

                documents.Add(text);
                first = false;
            }
        }

        return ManifestYaml.WriteAll(documents);
    }

    // The self-signed Secret holds a fresh key pair issued at reconcile time, so it cannot be printed;
    // a comment says what the operator will create in its place.
    private static string Describe(SelfSignedCertificateRequest request)
    {
        var text = new StringBuilder();
        text.Append("# Secret ").Append(request.SecretName)
            .Append(" (kubernetes.io/tls): self-signed CA and serving certificate issued and rotated by the operator\n")
            .Append("#   for: ").Append(string.Join(", ", request.DnsNames)).Append('\n');
        return text.ToString();
    }
}
