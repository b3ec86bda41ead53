using k8s;
using k8s.Models;

namespace NasAssistant.Operator.Resources;

/// <summary>Everything one AssistantDeployment asks for, in the order it is created.</summary>
internal sealed record DesiredState(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects);
