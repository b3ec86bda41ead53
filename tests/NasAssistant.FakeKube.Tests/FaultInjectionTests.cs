using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Faults;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests;

public sealed class FaultInjectionTests : FakeKubeTest
{
    [Fact]
    public async Task ErrorRate_FailsChosenVerbs_AndIsCountedInRequestLog()
    {
        Fake.Faults.AddErrorRule(new FaultRule { Rate = 1.0, StatusCodes = [500], Verbs = ["create"] });

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default"));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        await Client.CoreV1.ListNamespacedConfigMapAsync("default");

        var create = Assert.Single(Fake.Requests.Records, r => r.Verb == "create");
        Assert.True(create.FaultInjected);
        Assert.Equal(500, create.StatusCode);
        Assert.Equal("configmaps", create.Resource);
        Assert.Equal(1, Fake.Requests.CountWrites());
        Assert.Equal(1, Fake.Requests.Count("list", "configmaps"));
        Assert.Null(Fake.Store.Get<V1ConfigMap>("default", "a"));
    }

    [Fact]
    public async Task RandomFaults_HitRoughlyTheRate_WithAllThreeCodes()
    {
        Fake.Faults.FailRandomly(0.5, "get");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
                codes.Add(HttpStatusCode.OK);
            }
            catch (HttpOperationException e)
            {
                codes.Add(e.Response.StatusCode);
                if (e.Response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Assert.Equal("1", e.Response.Headers["Retry-After"].Single());
                }
            }
        }

        var failed = codes.Count(c => c != HttpStatusCode.OK);
        Assert.InRange(failed, 60, 140);
        Assert.Contains(HttpStatusCode.InternalServerError, codes);
        Assert.Contains(HttpStatusCode.Conflict, codes);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.Equal(failed, Fake.Requests.Count(r => r.FaultInjected));
        Assert.Equal(0, Fake.Requests.Count(r => r.Verb == "create" && r.FaultInjected));
    }

    [Fact]
    public async Task ConflictNextUpdates_FailsExactlyThatMany()
    {
        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        Fake.Faults.ConflictNextUpdates(2);
        for (var i = 0; i < 2; i++)
        {
            var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "a", "default"));
            Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        }

        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "a", "default");
        Assert.Equal(3, Fake.Requests.Count("update", "configmaps"));
        Assert.Equal(2, Fake.Requests.Count(r => r.Verb == "update" && r.StatusCode == 409));
    }

    [Fact]
    public async Task Latency_DelaysRequests()
    {
        Fake.Faults.AddLatency(TimeSpan.FromMilliseconds(300), verbs: "list");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task DropWatchesEvery_KeepsClosingStreams()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        Fake.Faults.DropWatchesEvery(TimeSpan.FromMilliseconds(200));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 2; i++)
        {
            await foreach (var _ in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", cancellationToken: cts.Token))
            {
            }
        }

        Assert.False(cts.IsCancellationRequested);
        Assert.Equal(2, Fake.Requests.Count("watch", "configmaps"));
    }

    [Fact]
    public async Task Reset_TurnsFaultsOff()
    {
        Fake.Faults.FailRandomly(1.0);
        Fake.Faults.Reset();
        await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        Assert.Equal(0, Fake.Requests.Count(r => r.FaultInjected));
    }
}
