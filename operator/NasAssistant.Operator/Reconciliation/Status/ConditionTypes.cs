namespace NasAssistant.Operator.Reconciliation.Status;

/// <summary>Condition types on an AssistantDeployment's status.</summary>
internal static class ConditionTypes
{
    /// <summary>The assistant answers requests: enough ready pods on the current spec.</summary>
    public const string Ready = "Ready";

    /// <summary>A rollout or scale change is under way.</summary>
    public const string Progressing = "Progressing";

    /// <summary>Something needs the user: an invalid spec, a name clash, a failing child.</summary>
    public const string Degraded = "Degraded";

    /// <summary>The model passed its SHA-256 check in a running pod.</summary>
    public const string ModelVerified = "ModelVerified";

    /// <summary>The serving certificate exists and is usable.</summary>
    public const string CertificateReady = "CertificateReady";

    /// <summary>The ServiceMonitor and PrometheusRule exist, or were not asked for.</summary>
    public const string MonitoringReady = "MonitoringReady";

    // Each channel's ChannelReady.NAME: see ChannelConditions.
}
