using NasAssistant.FakeKube;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>
/// Informer caches filled once from the fake API server's store, holding what the controller's informers
/// would hold at that moment (every AssistantDeployment, the children that carry the operator's label, the
/// inference pods, add-on kinds only where their CRD exists). They do not follow later changes, so a test
/// can let the cluster move on and reconcile from an out-of-date cache on purpose.
/// </summary>
internal sealed class SnapshotCaches : IInformerCaches
{
    private readonly Dictionary<KubernetesKind, ObjectCache> _caches = [];
    private readonly Dictionary<KubernetesKind, bool> _installed = [];

    private SnapshotCaches()
    {
    }

    public static SnapshotCaches Of(FakeKubeServer fake)
    {
        var snapshot = new SnapshotCaches();
        snapshot.Fill(fake, KubernetesKind.AssistantDeployment, null);
        foreach (var kind in KubernetesKind.Watched)
        {
            if (kind.CrdName is { } crd)
            {
                var installed = fake.Store.Get("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, crd) is not null;
                snapshot._installed[kind] = installed;
                if (!installed)
                {
                    continue;
                }
            }

            snapshot.Fill(fake, kind, kind == KubernetesKind.Pod ? Naming.InferencePodLabels : Naming.ManagedByLabels);
        }

        return snapshot;
    }

    public ObjectCache? For(KubernetesKind kind) => _caches.GetValueOrDefault(kind);

    public bool? IsInstalled(KubernetesKind kind) => _installed.TryGetValue(kind, out var installed) ? installed : null;

    private void Fill(FakeKubeServer fake, KubernetesKind kind, IReadOnlyDictionary<string, string>? selector)
    {
        var cache = new ObjectCache(kind, selector);
        foreach (var obj in fake.Store.List(kind.ApiVersion, kind.Kind))
        {
            if (selector is null || selector.All(label => ObjectMeta.Label(obj, label.Key) == label.Value))
            {
                cache.Upsert(obj.DeepClone().AsObject());
            }
        }

        _caches[kind] = cache;
    }
}
