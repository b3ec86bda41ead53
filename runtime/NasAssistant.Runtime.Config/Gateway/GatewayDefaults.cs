namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>Values the operator and the gateway must agree on.</summary>
public static class GatewayDefaults
{
    /// <summary>Port of the messengers' webhooks.</summary>
    public const int WebhookPort = 8080;

    /// <summary>Port of status, metrics and probes.</summary>
    public const int StatusPort = 9090;

    /// <summary>Path prefix of the webhooks: a channel's is this plus its name.</summary>
    public const string WebhookPathPrefix = "/webhooks/";

    /// <summary>Each channel's readiness as JSON.</summary>
    public const string StatusPath = "/status";

    /// <summary>Liveness probe: the process serves.</summary>
    public const string LivePath = "/healthz";

    /// <summary>Readiness probe: this instance is the active one (so a Service sends webhooks to it alone).</summary>
    public const string ReadyPath = "/readyz";

    /// <summary>Data folder of a gateway started outside Kubernetes, relative to its working directory.</summary>
    public const string LocalDataDirectory = "data/gateway";

    /// <summary>The assistant of a gateway started beside a runtime with its defaults.</summary>
    public const string LocalAssistantUrl = "http://localhost:5000";

    /// <summary>Key of the <see cref="GatewayStatusReport"/> in the status ConfigMap.</summary>
    public const string StatusReportKey = "status.json";

    /// <summary>Field manager of the gateway's writes to the status ConfigMap.</summary>
    public const string FieldManager = "nas-assistant-gateway";

    /// <summary>Telegram's Bot API server.</summary>
    public const string TelegramApiBaseUrl = "https://api.telegram.org";

    /// <summary>WeCom's API server.</summary>
    public const string WeComApiBaseUrl = "https://qyapi.weixin.qq.com";

    /// <summary>DingTalk's API server, which serves the robots' session webhooks.</summary>
    public const string DingTalkApiBaseUrl = "https://oapi.dingtalk.com";

    /// <summary>Feishu's Open Platform server.</summary>
    public const string FeishuApiBaseUrl = "https://open.feishu.cn";

    /// <summary>Slack's Web API.</summary>
    public const string SlackApiBaseUrl = "https://slack.com/api";
}
