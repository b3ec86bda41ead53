using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// Stands in for the Deployment controller and kubelets: when a Deployment's spec changes, its status
/// at once reports the new generation as progressing, and after <c>delay</c> all replicas as ready,
/// updated and available (Available=True, Progressing=True/NewReplicaSetAvailable).
/// </summary>
internal sealed class DeploymentReadinessController : IAsyncDisposable
{
    private const string ApiVersion = "apps/v1";
    private const string Kind = "Deployment";

    private readonly ResourceStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _delay;
    private readonly ConcurrentDictionary<string, long> _scheduled = new(StringComparer.Ordinal);
    private readonly ControllerLoop _loop;

    public DeploymentReadinessController(ResourceStore store, TimeProvider time, TimeSpan delay, ILogger logger)
    {
        _store = store;
        _time = time;
        _delay = delay;
        _loop = new ControllerLoop("deployment-readiness", store, t => t.Group == "apps" && t.Plural == "deployments", HandleAsync, logger);
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private Task HandleAsync(WatchEvent change, CancellationToken cancellation)
    {
        if (change.Type == WatchEvent.Deleted)
        {
            return Task.CompletedTask;
        }

        var obj = change.Object;
        var ns = Meta.Namespace(obj);
        var name = Meta.Name(obj);
        var generation = Meta.Generation(obj);
        var desired = DesiredReplicas(obj);
        var status = obj["status"] as JsonObject;
        if (Number(status, "observedGeneration") != generation || Number(status, "replicas") != desired || Number(status, "updatedReplicas") != desired)
        {
            _store.Update(ApiVersion, Kind, ns, name, current => Progress(current));
        }
        else if (IsReady(status, desired))
        {
            return Task.CompletedTask;
        }

        var key = $"{ns}/{name}";
        if (_scheduled.TryGetValue(key, out var scheduled) && scheduled == generation)
        {
            return Task.CompletedTask;
        }

        _scheduled[key] = generation;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(_delay, _time, cancellation);
                _store.Update(ApiVersion, Kind, ns, name, current => Ready(current, generation));
            }
            catch (Exception e) when (e is OperationCanceledException or KubeApiException)
            {
                // Stopped, or the Deployment was deleted meanwhile.
            }
            finally
            {
                _scheduled.TryRemove(new KeyValuePair<string, long>(key, generation));
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private void Progress(JsonObject deployment)
    {
        var desired = DesiredReplicas(deployment);
        var status = Status(deployment);
        var ready = Math.Min(Number(status, "readyReplicas") ?? 0, desired);
        status["observedGeneration"] = Meta.Generation(deployment);
        status["replicas"] = desired;
        status["updatedReplicas"] = desired;
        status["readyReplicas"] = ready;
        status["availableReplicas"] = ready;
        status["unavailableReplicas"] = desired - ready;
        SetCondition(status, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{Meta.Name(deployment)}\" is progressing.");
        SetCondition(status, "Available", ready >= desired ? "True" : "False",
            ready >= desired ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            ready >= desired ? "Deployment has minimum availability." : "Deployment does not have minimum availability.");
    }

    private void Ready(JsonObject deployment, long generation)
    {
        if (Meta.Generation(deployment) != generation)
        {
            return;
        }

        var desired = DesiredReplicas(deployment);
        var status = Status(deployment);
        status["observedGeneration"] = generation;
        status["replicas"] = desired;
        status["updatedReplicas"] = desired;
        status["readyReplicas"] = desired;
        status["availableReplicas"] = desired;
        status.Remove("unavailableReplicas");
        SetCondition(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.");
        SetCondition(status, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{Meta.Name(deployment)}\" has successfully progressed.");
    }

    private static bool IsReady(JsonObject? status, long desired) =>
        Number(status, "readyReplicas") == desired && Number(status, "availableReplicas") == desired;

    private static long DesiredReplicas(JsonObject deployment) =>
        deployment["spec"]?["replicas"] is { } replicas && SchemaNode.IsInteger(replicas) ? SchemaNode.Long(replicas) : 1;

    private static long? Number(JsonObject? status, string field) =>
        status?[field] is { } value && SchemaNode.IsInteger(value) ? SchemaNode.Long(value) : null;

    private static JsonObject Status(JsonObject deployment)
    {
        if (deployment["status"] is not JsonObject status)
        {
            status = new JsonObject();
            deployment["status"] = status;
        }

        return status;
    }

    // Timestamps move only when a condition's status or reason does, so repeating a write is a no-op.
    private void SetCondition(JsonObject status, string type, string value, string reason, string message)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);
        if (existing is not null && existing["status"]?.GetValue<string>() == value && existing["reason"]?.GetValue<string>() == reason)
        {
            return;
        }

        var now = Meta.Timestamp(_time.GetUtcNow());
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = value,
            ["lastUpdateTime"] = now,
            ["lastTransitionTime"] = existing is not null && existing["status"]?.GetValue<string>() == value ? existing["lastTransitionTime"]?.DeepClone() : now,
            ["reason"] = reason,
            ["message"] = message,
        };
        if (existing is not null)
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
        else
        {
            conditions.Add(condition);
        }
    }
}
