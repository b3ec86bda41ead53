using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>
/// What the controller's informers hold, for a reconcile to read instead of asking the API server. A
/// cache holds the objects of its kind that carry the operator's managed-by label (the children and the
/// inference pods); it lags the API server by the time a watch event takes to arrive.
/// </summary>
internal interface IInformerCaches
{
    /// <summary>The cache of <paramref name="kind"/> once its informer has listed it; null while none is kept.</summary>
    ObjectCache? For(KubernetesKind kind);

    /// <summary>Whether the CRD of an add-on kind is installed, as the controller last found; null before it has looked.</summary>
    bool? IsInstalled(KubernetesKind kind);
}
