using System.Text.RegularExpressions;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// Reads the inference pods once per reconcile for what only they know: the digest their quantize step
/// wrote as its termination message (the kubelet keeps it in the pod's status), and whether the scheduler
/// could place them (PodScheduled=False, reason Unschedulable, with its "0/N nodes are available" message).
/// </summary>
internal static partial class PodObserver
{
    public static async Task<PodObservation> ObserveAsync(ClusterReader cluster, AssistantDeployment ad, CancellationToken cancellationToken)
    {
        var pods = await cluster.ListAsync(KubernetesKind.Pod, ad.Metadata.NamespaceProperty, Naming.SelectorLabels(ad), cancellationToken);
        var live = pods.Select(p => OperatorJson.Deserialize<V1Pod>(p)).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        return new(
            ad.Spec.Model.Quantization == QuantizationKind.Int8 ? QuantizedDigest(live) : null,
            live.SelectMany(p => p.Status?.Conditions ?? [])
                .FirstOrDefault(c => c is { Type: "PodScheduled", Status: "False", Reason: "Unschedulable" })?.Message);
    }

    private static string? QuantizedDigest(IEnumerable<V1Pod> pods) =>
        pods.OrderByDescending(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .SelectMany(p => p.Status?.InitContainerStatuses ?? [])
            .Where(s => s.Name == DeploymentBuilder.QuantizeContainerName && s.State?.Terminated is { ExitCode: 0 })
            .Select(s => s.State.Terminated.Message?.Trim())
            .FirstOrDefault(m => m is not null && Sha256().IsMatch(m));

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex Sha256();
}
