namespace NasAssistant.Operator.Reconciliation.Status;

/// <summary>CamelCase reasons of the conditions, so users and tools can match on them.</summary>
internal static class ConditionReasons
{
    public const string Available = "Available";
    public const string PodsNotReady = "PodsNotReady";
    public const string InvalidSpec = "InvalidSpec";
    public const string RollingOut = "RollingOut";
    public const string RolloutComplete = "RolloutComplete";
    public const string AsExpected = "AsExpected";
    public const string ChildOwnedByOther = "ChildOwnedByOther";
    public const string DigestVerified = "DigestVerified";
    public const string BuiltinModel = "BuiltinModel";
    public const string WaitingForPods = "WaitingForPods";
    public const string Issued = "Issued";
    public const string CertManagerNotInstalled = "CertManagerNotInstalled";
    public const string CertificatePending = "CertificatePending";
    public const string SecretMissing = "SecretMissing";
    public const string SecretIncomplete = "SecretIncomplete";
    public const string SecretValid = "SecretValid";
    public const string TlsDisabled = "TlsDisabled";
    public const string Created = "Created";
    public const string Disabled = "Disabled";
    public const string ScaledToZero = "ScaledToZero";
    public const string PrometheusOperatorNotInstalled = "PrometheusOperatorNotInstalled";
    public const string ChildRejected = "ChildRejected";
    public const string VolumeChangeForbidden = "VolumeChangeForbidden";
    public const string VolumeShrinkForbidden = "VolumeShrinkForbidden";
    public const string VolumeNotBound = "VolumeNotBound";
    public const string VolumeExpansionUnsupported = "VolumeExpansionUnsupported";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string PodsUnschedulable = "PodsUnschedulable";
    public const string DeploymentRecreated = "DeploymentRecreated";
    public const string CertificateRotated = "CertificateRotated";
    public const string GatewayUnavailable = "GatewayUnavailable";
    public const string AwaitingGateway = "AwaitingGateway";
    public const string GatewayReported = "GatewayReported";
}
