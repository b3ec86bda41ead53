using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>
/// Deployment conditions as pkg/controller/deployment/util/deployment_util.go keeps them, with the
/// reasons and messages it uses.
/// </summary>
internal static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";

    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    /// <summary>NewDeploymentCondition: both timestamps are now.</summary>
    public static JsonObject New(string type, bool status, string reason, string message, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = status ? "True" : "False",
        ["lastUpdateTime"] = Meta.Timestamp(now),
        ["lastTransitionTime"] = Meta.Timestamp(now),
        ["reason"] = reason,
        ["message"] = message,
    };

    /// <summary>GetDeploymentCondition.</summary>
    public static JsonObject? Get(JsonObject status, string type) =>
        JsonRead.Objects(status["conditions"]).FirstOrDefault(c => JsonRead.OptionalText(c["type"]) == type);

    public static string? Reason(JsonObject? condition) => JsonRead.OptionalText(condition?["reason"]);

    public static bool IsTrue(JsonObject? condition) => JsonRead.OptionalText(condition?["status"]) == "True";

    /// <summary>
    /// SetDeploymentCondition: nothing changes when status and reason are the same; otherwise the
    /// condition moves to the end of the list, keeping its lastTransitionTime if the status is unchanged.
    /// </summary>
    public static void Set(JsonObject status, JsonObject condition)
    {
        var current = Get(status, JsonRead.OptionalText(condition["type"])!);
        if (current is not null && JsonRead.OptionalText(current["status"]) == JsonRead.OptionalText(condition["status"]) && Reason(current) == Reason(condition))
        {
            return;
        }

        if (current is not null && JsonRead.OptionalText(current["status"]) == JsonRead.OptionalText(condition["status"]))
        {
            condition["lastTransitionTime"] = current["lastTransitionTime"]?.DeepClone();
        }

        Remove(status, JsonRead.OptionalText(condition["type"])!);
        ((JsonArray)(status["conditions"] ??= new JsonArray())).Add(condition);
    }

    /// <summary>RemoveDeploymentCondition.</summary>
    public static void Remove(JsonObject status, string type)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            return;
        }

        foreach (var condition in conditions.OfType<JsonObject>().Where(c => JsonRead.OptionalText(c["type"]) == type).ToList())
        {
            conditions.Remove(condition);
        }
    }
}
