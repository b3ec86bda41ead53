using k8s.Models;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// A Node the fake registers at start (see <see cref="FakeKubeOptions.Nodes"/>). Like a kubelet, it
/// labels itself with <c>kubernetes.io/hostname</c>, <c>kubernetes.io/os</c> and <c>kubernetes.io/arch</c>.
/// </summary>
public sealed record FakeNode(string Name)
{
    /// <summary>More labels, e.g. a zone; they win over the kubelet's own.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints (spec.taints), e.g. <c>new V1Taint { Key = "gpu", Effect = "NoSchedule" }</c>.</summary>
    public IReadOnlyList<V1Taint> Taints { get; init; } = [];

    /// <summary>Cordoned (spec.unschedulable).</summary>
    public bool Unschedulable { get; init; }
}
