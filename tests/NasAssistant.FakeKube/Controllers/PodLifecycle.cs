using k8s.Models;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>How the simulated kubelets run the pods of simulated Deployments.</summary>
public sealed record PodLifecycle
{
    /// <summary>
    /// Time from a pod's scheduling until its init containers have finished and its containers run
    /// and pass their readiness probes (on the fake's clock).
    /// </summary>
    public TimeSpan ReadyAfter { get; init; }

    /// <summary>Pods for which this is true start, but never pass their readiness probe (Running, Ready=False).</summary>
    public Func<V1Pod, bool> NeverReady { get; init; } = _ => false;

    /// <summary>
    /// What an init container wrote to its termination message path before exiting 0, which the
    /// kubelet reports as <c>state.terminated.message</c>; null: nothing.
    /// </summary>
    public Func<V1Pod, V1Container, string?> InitContainerMessage { get; init; } = (_, _) => null;
}
