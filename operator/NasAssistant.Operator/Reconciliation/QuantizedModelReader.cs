using System.Text.RegularExpressions;
using k8s;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// Reads the digest of the INT8 model from the pods: their quantize step writes it as its
/// termination message, which the kubelet keeps in the pod's status.
/// </summary>
internal static partial class QuantizedModelReader
{
    /// <summary>The digest reported by the newest pod whose quantize step succeeded, or null.</summary>
    public static async Task<string?> ReadAsync(IKubernetes client, AssistantDeployment ad, CancellationToken cancellationToken)
    {
        if (ad.Spec.Model.Quantization != QuantizationKind.Int8)
        {
            return null;
        }

        var pods = await client.CoreV1.ListNamespacedPodAsync(
            ad.Metadata.NamespaceProperty, labelSelector: Naming.SelectorString(ad), cancellationToken: cancellationToken);
        return pods.Items
            .OrderByDescending(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .SelectMany(p => p.Status?.InitContainerStatuses ?? [])
            .Where(s => s.Name == DeploymentBuilder.QuantizeContainerName && s.State?.Terminated is { ExitCode: 0 })
            .Select(s => s.State.Terminated.Message?.Trim())
            .FirstOrDefault(m => m is not null && Sha256().IsMatch(m));
    }

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex Sha256();
}
