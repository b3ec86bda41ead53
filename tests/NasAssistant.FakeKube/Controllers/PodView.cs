using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>Read access to a stored Pod for the simulated controllers, scheduler and kubelet.</summary>
internal sealed class PodView(JsonObject json)
{
    /// <summary>The label the Deployment controller adds to tell its ReplicaSets' pods apart.</summary>
    public const string TemplateHashLabel = "pod-template-hash";

    public JsonObject Json => json;

    public string Name => Meta.Name(json);

    public string Namespace => Meta.Namespace(json);

    public string Uid => Meta.Uid(json);

    public string Key => $"{Namespace}/{Name}";

    public IReadOnlyDictionary<string, string> Labels => Meta.Labels(json);

    public string? TemplateHash => Labels.GetValueOrDefault(TemplateHashLabel);

    public JsonObject Spec => json["spec"] as JsonObject ?? [];

    public string? NodeName => JsonRead.OptionalText(json["spec"]?["nodeName"]) is { Length: > 0 } node ? node : null;

    public string? Phase => JsonRead.OptionalText(json["status"]?["phase"]);

    public DateTimeOffset Created => JsonRead.Time(json["metadata"]?["creationTimestamp"]) ?? DateTimeOffset.MinValue;

    public bool IsTerminating => Meta.IsDeleting(json);

    /// <summary>IsPodActive (pkg/controller/controller_utils.go): neither finished nor being deleted.</summary>
    public bool IsActive => !IsTerminating && Phase is not ("Succeeded" or "Failed");

    /// <summary>The Deployment that controls this pod, for pods the simulated Deployment controller made.</summary>
    public string? DeploymentOwner => JsonRead.OptionalText(DeploymentReference?["name"]);

    public string? DeploymentOwnerUid => JsonRead.OptionalText(DeploymentReference?["uid"]);

    public IEnumerable<string> ClaimNames =>
        JsonRead.Objects(json["spec"]?["volumes"]).Select(v => JsonRead.OptionalText(v["persistentVolumeClaim"]?["claimName"])).OfType<string>();

    public int RestartCount =>
        (int)JsonRead.Objects(json["status"]?["containerStatuses"]).Sum(s => JsonRead.Integer(s["restartCount"]) ?? 0);

    public JsonObject? Condition(string type) =>
        JsonRead.Objects(json["status"]?["conditions"]).FirstOrDefault(c => JsonRead.OptionalText(c["type"]) == type);

    /// <summary>IsPodReady (pkg/api/v1/pod/util.go).</summary>
    public bool IsReady => JsonRead.OptionalText(Condition("Ready")?["status"]) == "True";

    /// <summary>When the pod last became ready, or null.</summary>
    public DateTimeOffset? ReadySince => IsReady ? JsonRead.Time(Condition("Ready")?["lastTransitionTime"]) : null;

    /// <summary>IsPodAvailable (pkg/api/v1/pod/util.go): ready for at least minReadySeconds.</summary>
    public bool IsAvailable(long minReadySeconds, DateTimeOffset now) =>
        IsReady && (minReadySeconds == 0 || (ReadySince is { } since && since.AddSeconds(minReadySeconds) < now));

    private JsonObject? DeploymentReference => Meta.OwnerReferences(json).FirstOrDefault(r =>
        JsonRead.Bool(r["controller"]) == true && JsonRead.OptionalText(r["kind"]) == "Deployment" && JsonRead.OptionalText(r["apiVersion"]) == "apps/v1");
}
