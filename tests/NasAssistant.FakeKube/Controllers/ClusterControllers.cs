using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Controllers.GarbageCollection;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// The control-plane controllers that every cluster runs and objects' lifecycles depend on, always on:
/// the garbage collector, the namespace controller, pvc-protection and the CRD finalizer.
/// </summary>
internal sealed class ClusterControllers : IAsyncDisposable
{
    private readonly IAsyncDisposable[] _controllers;

    public ClusterControllers(ResourceStore store, TimeProvider time, ILogger logger) =>
        _controllers =
        [
            new GarbageCollector(store, logger),
            new NamespaceController(store, time, logger),
            new PvcProtectionController(store, logger),
            new CustomResourceCleanupController(store, time, logger),
        ];

    public async ValueTask DisposeAsync()
    {
        foreach (var controller in _controllers)
        {
            await controller.DisposeAsync();
        }
    }
}
