using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// Stands in for the HPA controller: every autoscaling/v2 HPA that targets a Deployment sets that
/// Deployment's <c>spec.replicas</c> to the chosen count (clamped to the HPA's min/max, as the real
/// controller does) and reports current/desired replicas in its status. It keeps doing so, so an
/// operator that overwrites the replicas is visibly fighting the HPA.
/// </summary>
internal sealed class HorizontalPodAutoscalerController : IAsyncDisposable
{
    private readonly ResourceStore _store;
    private readonly TimeProvider _time;
    private readonly ControllerLoop _loop;
    private volatile int _replicas;

    public HorizontalPodAutoscalerController(ResourceStore store, TimeProvider time, int replicas, ILogger logger)
    {
        _store = store;
        _time = time;
        _replicas = replicas;
        _loop = new ControllerLoop("hpa", store, t => (t.Group == "apps" && t.Plural == "deployments") || (t.Group == "autoscaling" && t.Plural == "horizontalpodautoscalers"), HandleAsync, logger);
    }

    public int Replicas
    {
        get => _replicas;
        set => _replicas = value;
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private Task HandleAsync(WatchEvent change, CancellationToken cancellation)
    {
        var ns = Meta.Namespace(change.Object);
        foreach (var hpa in _store.List("autoscaling/v2", "HorizontalPodAutoscaler", ns))
        {
            Reconcile(hpa);
        }

        return Task.CompletedTask;
    }

    private void Reconcile(JsonObject hpa)
    {
        var target = hpa["spec"]?["scaleTargetRef"] as JsonObject;
        if (target?["kind"]?.GetValue<string>() != "Deployment" || Meta.IsDeleting(hpa))
        {
            return;
        }

        var ns = Meta.Namespace(hpa);
        var name = target["name"]?.GetValue<string>() ?? string.Empty;
        var deployment = _store.Get("apps/v1", "Deployment", ns, name);
        if (deployment is null)
        {
            return;
        }

        var min = JsonRead.Integer(hpa["spec"]?["minReplicas"]) ?? 1;
        var max = JsonRead.Integer(hpa["spec"]?["maxReplicas"]) ?? long.MaxValue;
        var desired = Math.Clamp(_replicas, min, Math.Max(min, max));
        if (JsonRead.Integer(deployment["spec"]?["replicas"]) != desired)
        {
            // The real controller scales through the scale subresource as kube-controller-manager.
            deployment = _store.Update("apps/v1", "Deployment", ns, name, d => ((JsonObject)d["spec"]!)["replicas"] = desired, "kube-controller-manager", "scale");
        }

        var current = JsonRead.Integer(deployment["status"]?["replicas"]) ?? 0;
        var status = hpa["status"] as JsonObject;
        if (JsonRead.Integer(status?["desiredReplicas"]) != desired || JsonRead.Integer(status?["currentReplicas"]) != current)
        {
            _store.Update("autoscaling/v2", "HorizontalPodAutoscaler", ns, Meta.Name(hpa), h =>
            {
                var previous = JsonRead.Integer(h["status"]?["desiredReplicas"]);
                var next = h["status"] as JsonObject ?? new JsonObject();
                next["currentReplicas"] = current;
                next["desiredReplicas"] = desired;
                if (previous != desired)
                {
                    next["lastScaleTime"] = Meta.Timestamp(_time.GetUtcNow());
                }

                h["status"] = next.Parent is null ? next : next.DeepClone();
            });
        }
    }
}
