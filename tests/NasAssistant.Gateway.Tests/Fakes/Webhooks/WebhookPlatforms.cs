using NasAssistant.Gateway.Tests.Fakes.DingTalk;
using NasAssistant.Gateway.Tests.Fakes.Feishu;
using NasAssistant.Gateway.Tests.Fakes.Slack;
using NasAssistant.Gateway.Tests.Fakes.WeCom;

namespace NasAssistant.Gateway.Tests.Fakes.Webhooks;

/// <summary>The webhook platforms by name, for tests that every one of them must pass.</summary>
public static class WebhookPlatforms
{
    /// <summary>The platforms' names.</summary>
    public static TheoryData<string> Names => ["wecom", "dingtalk", "feishu", "slack"];

    /// <summary>Starts the fake of platform <paramref name="name"/>.</summary>
    public static async Task<WebhookPlatform> StartAsync(string name) => name switch
    {
        "wecom" => await FakeWeCom.StartAsync(),
        "dingtalk" => await FakeDingTalk.StartAsync(),
        "feishu" => await FakeFeishu.StartAsync(),
        "slack" => await FakeSlack.StartAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such platform"),
    };
}
