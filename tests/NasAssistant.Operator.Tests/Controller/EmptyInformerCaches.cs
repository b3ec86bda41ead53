using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Tests.Controller;

/// <summary>Caches for workers whose reconciler reads nothing: none is kept, and no add-on has been looked for.</summary>
internal sealed class EmptyInformerCaches : IInformerCaches
{
    public ObjectCache? For(KubernetesKind kind) => null;

    public bool? IsInstalled(KubernetesKind kind) => null;
}
