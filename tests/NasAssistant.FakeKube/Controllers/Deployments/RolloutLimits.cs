using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>How far a rolling update may go above and below the desired replica count.</summary>
internal static class RolloutLimits
{
    /// <summary>MaxSurge (pkg/controller/deployment/util/deployment_util.go).</summary>
    public static int MaxSurge(DeploymentView deployment) =>
        deployment.IsRollingUpdate ? ResolveFenceposts(deployment.MaxSurge, deployment.MaxUnavailable, deployment.Replicas).Surge : 0;

    /// <summary>MaxUnavailable (deployment_util.go): never more than the desired replicas.</summary>
    public static int MaxUnavailable(DeploymentView deployment)
    {
        if (!deployment.IsRollingUpdate || deployment.Replicas == 0)
        {
            return 0;
        }

        var unavailable = ResolveFenceposts(deployment.MaxSurge, deployment.MaxUnavailable, deployment.Replicas).Unavailable;
        return Math.Min(unavailable, deployment.Replicas);
    }

    /// <summary>
    /// ResolveFenceposts (deployment_util.go): surge rounds up, unavailability down; when both come to
    /// zero one pod may be unavailable, so the rollout can move at all.
    /// </summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(JsonNode maxSurge, JsonNode maxUnavailable, int desired)
    {
        var surge = ScaledValue(maxSurge, desired, roundUp: true);
        var unavailable = ScaledValue(maxUnavailable, desired, roundUp: false);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    /// <summary>
    /// GetScaledValueFromIntOrPercent (apimachinery/pkg/util/intstr): an integer as is, "N%" of
    /// <paramref name="total"/>. Anything else is refused by validation before a controller sees it;
    /// it counts as zero here.
    /// </summary>
    public static int ScaledValue(JsonNode value, int total, bool roundUp)
    {
        if (JsonRead.Integer(value) is { } number)
        {
            return (int)number;
        }

        var text = JsonRead.OptionalText(value);
        if (text is null || !text.EndsWith('%') || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return 0;
        }

        var scaled = percent * (double)total / 100;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }
}
