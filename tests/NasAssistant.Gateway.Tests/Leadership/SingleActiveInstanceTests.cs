using System.Net;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.FakeKube;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Leadership;
using NasAssistant.Gateway.Tests.Fakes.Telegram;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Hosting.Leadership;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;
using static NasAssistant.Gateway.Tests.Support.GatewayUnderTest;

namespace NasAssistant.Gateway.Tests.Leadership;

/// <summary>Two gateway replicas of one bot: one polls, the other waits as a standby and takes over when the first goes.</summary>
[Collection(SharedAssistant.Name)]
public sealed class SingleActiveInstanceTests(AssistantServer assistant) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task FileLock_OnTheDataFolder_KeepsOneActive_AndTheStandbyTakesOver()
    {
        await using var telegram = await FakeTelegramBotApi.StartAsync();
        var config = Configure(_directory, telegram, assistant.BaseAddress);

        await TakeOverAsync(telegram, () => StartAsync(config));
    }

    [Fact]
    public async Task Lease_InKubernetes_KeepsOneActive_AndTheStandbyTakesOver()
    {
        await using var kube = await FakeKubeServer.StartAsync(new FakeKubeOptions());
        using var client = kube.CreateClient();
        using var api = kube.CreateApi();
        await using var telegram = await FakeTelegramBotApi.StartAsync();
        var lease = new GatewayLeaseConfig { Name = "family-gateway", Namespace = "default" };

        // Each replica has its own data folder here: what they share is the Lease.
        var replica = 0;
        await TakeOverAsync(telegram, () =>
        {
            var config = Configure(_directory, telegram, assistant.BaseAddress, dataDirectory: _directory.File($"data-{replica++}")) with { Lease = lease };
            return StartAsync(config, _ => LeaseLeadership.Create(api, config, TimeProvider.System, NullLogger<LeaseElection>.Instance, FastLeaseTimings), api);
        });

        // The last leader stopped cleanly and handed the Lease back, so a new replica need not wait for it to expire.
        var held = await client.CoordinationV1.ReadNamespacedLeaseAsync("family-gateway", "default");
        Assert.Equal(string.Empty, held.Spec.HolderIdentity);
    }

    public void Dispose() => _directory.Dispose();

    private static async Task TakeOverAsync(FakeTelegramBotApi telegram, Func<Task<GatewayUnderTest>> start)
    {
        var first = await start();
        await first.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        await using var second = await start();
        await second.WaitForReasonAsync(ChannelReasons.Standby, Limit);
        Assert.True(first.Host.IsLeader);
        Assert.False(second.Host.IsLeader);
        Assert.Equal(HttpStatusCode.OK, await ReadyAsync(first));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadyAsync(second));

        telegram.Write(Alice, Alice, "/start");
        await telegram.WaitUntilAsync(t => t.Sent.Count == 1 && t.PendingUpdates == 0, Limit, "one greeting");
        await first.DisposeAsync();

        await second.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        telegram.Write(Alice, Alice, "/new");
        await telegram.WaitUntilAsync(t => t.Sent.Count == 2 && t.PendingUpdates == 0, Limit, "the standby's answer");
        Assert.True(second.Host.IsLeader);
        Assert.Equal(2, telegram.Sent.Count);
    }

    private static async Task<HttpStatusCode> ReadyAsync(GatewayUnderTest gateway)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(gateway.StatusAddress, GatewayDefaults.ReadyPath));
        return response.StatusCode;
    }
}
