using k8s;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>A fresh fake server and client per test class instance (xunit creates one per test).</summary>
public abstract class FakeKubeTest : IAsyncLifetime, IDisposable
{
    private FakeKubeServer? _fake;
    private Kubernetes? _client;

    protected FakeKubeServer Fake => _fake ?? throw new InvalidOperationException("not started");

    protected Kubernetes Client => _client ?? throw new InvalidOperationException("not started");

    protected virtual FakeKubeOptions Options => new() { RandomSeed = 42 };

    public async Task InitializeAsync()
    {
        _fake = await FakeKubeServer.StartAsync(Options);
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = _fake.Url });
    }

    public void Dispose()
    {
        _client?.Dispose();
        GC.SuppressFinalize(this);
    }

    public virtual async Task DisposeAsync()
    {
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }
}
