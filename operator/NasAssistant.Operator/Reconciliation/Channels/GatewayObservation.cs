using k8s.Models;

namespace NasAssistant.Operator.Reconciliation.Channels;

/// <summary>What a reconcile saw of the channel gateway, from which the ChannelReady conditions are computed.</summary>
/// <param name="Deployment">The gateway's Deployment as the cluster holds it; null before it exists.</param>
/// <param name="Report">The status ConfigMap's report text (YAML); null while the gateway has recorded none.</param>
/// <param name="ConfigDigest">Digest of the configuration the operator renders now, to tell a report on it from an older one.</param>
internal sealed record GatewayObservation(V1Deployment? Deployment, string? Report, string ConfigDigest);
