using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Admission;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Volumes;

/// <summary>Read access to a stored PersistentVolumeClaim for the scheduler and the volume binder.</summary>
internal sealed class ClaimView(JsonObject json)
{
    /// <summary>Where the scheduler wants a WaitForFirstConsumer claim provisioned (annSelectedNode).</summary>
    public const string SelectedNodeAnnotation = "volume.kubernetes.io/selected-node";

    /// <summary>Set by the PV controller once binding is complete (annBindCompleted).</summary>
    public const string BindCompletedAnnotation = "pv.kubernetes.io/bind-completed";

    public JsonObject Json => json;

    public string Name => Meta.Name(json);

    public string Namespace => Meta.Namespace(json);

    public string Uid => Meta.Uid(json);

    public bool IsDeleting => Meta.IsDeleting(json);

    public string? Phase => JsonRead.OptionalText(json["status"]?["phase"]);

    public IReadOnlyList<string> AccessModes => JsonRead.Strings(json["spec"]?["accessModes"]).ToList();

    public bool IsReadWriteOncePod => AccessModes.Contains("ReadWriteOncePod");

    public string? SelectedNode => Annotations.GetValueOrDefault(SelectedNodeAnnotation);

    /// <summary>isPVCFullyBound (volumebinding/binder.go): a volume is named and the PV controller finished binding.</summary>
    public bool IsBound =>
        JsonRead.OptionalText(json["spec"]?["volumeName"]) is { Length: > 0 } && Annotations.ContainsKey(BindCompletedAnnotation);

    /// <summary>The class the claim names, null when it names none (<see cref="ClaimStorageClass.Of"/>).</summary>
    public string? ClassName => ClaimStorageClass.Of(json);

    public IReadOnlyDictionary<string, string> Annotations => Meta.StringMap(json["metadata"]?["annotations"]);
}
