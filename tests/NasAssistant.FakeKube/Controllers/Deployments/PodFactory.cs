using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>
/// A new pod for one of a Deployment's ReplicaSets: GetPodFromTemplate (pkg/controller/controller_utils.go)
/// applied to the ReplicaSet template that getNewReplicaSet (pkg/controller/deployment/sync.go) derives
/// from the Deployment's, i.e. with the <c>pod-template-hash</c> label added.
/// </summary>
/// <remarks>
/// ReplicaSets are not objects in this fake: the pod's controller reference names the Deployment, where
/// on a real cluster it names the ReplicaSet <c>&lt;deployment&gt;-&lt;hash&gt;</c> that the Deployment owns.
/// </remarks>
internal static class PodFactory
{
    public static JsonObject Create(DeploymentView deployment, string templateHash)
    {
        var template = deployment.Template;
        var templateMeta = template["metadata"] as JsonObject ?? [];
        var labels = templateMeta["labels"]?.DeepClone() as JsonObject ?? [];
        labels[PodView.TemplateHashLabel] = templateHash;
        var metadata = new JsonObject
        {
            // getPodsPrefix: the apiserver's name generator appends five random characters.
            ["generateName"] = $"{ReplicaSetName(deployment, templateHash)}-",
            ["namespace"] = deployment.Namespace,
            ["labels"] = labels,
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["name"] = deployment.Name,
                ["uid"] = deployment.Uid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            }),
        };
        foreach (var field in new[] { "annotations", "finalizers" })
        {
            if (templateMeta[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),

            // PrepareForCreate of the pod strategy (pkg/registry/core/pod/strategy.go) starts every pod Pending.
            ["status"] = new JsonObject { ["phase"] = "Pending" },
        };
    }

    /// <summary>The name getNewReplicaSet gives the ReplicaSet for a template: deterministic, for idempotence.</summary>
    public static string ReplicaSetName(DeploymentView deployment, string templateHash) => $"{deployment.Name}-{templateHash}";
}
