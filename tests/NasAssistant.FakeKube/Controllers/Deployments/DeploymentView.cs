using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>
/// Read access to a stored Deployment. Absent fields read as the defaults kube-apiserver would have
/// filled in (SetDefaults_Deployment, pkg/apis/apps/v1/defaults.go).
/// </summary>
internal sealed class DeploymentView(JsonObject json)
{
    public const string Recreate = "Recreate";

    private const string DefaultRollingLimit = "25%";

    public JsonObject Json => json;

    public string Name => Meta.Name(json);

    public string Namespace => Meta.Namespace(json);

    public string Uid => Meta.Uid(json);

    public long Generation => Meta.Generation(json);

    public bool IsDeleting => Meta.IsDeleting(json);

    public int Replicas => (int)(JsonRead.Integer(json["spec"]?["replicas"]) ?? 1);

    public bool IsRollingUpdate => StrategyType != Recreate;

    public JsonNode MaxSurge => json["spec"]?["strategy"]?["rollingUpdate"]?["maxSurge"] ?? DefaultRollingLimit;

    public JsonNode MaxUnavailable => json["spec"]?["strategy"]?["rollingUpdate"]?["maxUnavailable"] ?? DefaultRollingLimit;

    public long MinReadySeconds => JsonRead.Integer(json["spec"]?["minReadySeconds"]) ?? 0;

    public long? ProgressDeadlineSeconds => JsonRead.Integer(json["spec"]?["progressDeadlineSeconds"]);

    /// <summary>HasProgressDeadline (deployment_util.go): a deadline is set and is not the "never" value.</summary>
    public bool HasProgressDeadline => ProgressDeadlineSeconds is { } seconds && seconds != int.MaxValue;

    public JsonObject Template => json["spec"]?["template"] as JsonObject ?? [];

    public JsonObject Status => json["status"] as JsonObject ?? [];

    private string StrategyType => JsonRead.OptionalText(json["spec"]?["strategy"]?["type"]) ?? "RollingUpdate";
}
