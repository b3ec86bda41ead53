using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NasAssistant.Gateway.Tests.Fakes.Telegram;

/// <summary>
/// A local Telegram Bot API server (Kestrel on 127.0.0.1) written from the Bot API documentation
/// (core.telegram.org/bots/api): <c>https://HOST/bot&lt;token&gt;/METHOD</c> with parameters as JSON, form or query,
/// answers <c>{"ok":true,"result":...}</c> or <c>{"ok":false,"error_code":N,"description":...,"parameters":{"retry_after":N}}</c>.
/// Methods: getMe, getUpdates (offset confirms earlier updates, limit, long-poll timeout, 409 while a webhook
/// is set, and a newer getUpdates ends a waiting one with 409), sendMessage (1-4096 characters), sendChatAction,
/// setWebhook (HTTPS only; updates are then posted to the webhook with <c>X-Telegram-Bot-Api-Secret-Token</c>,
/// again until a 2xx) and deleteWebhook. A wrong token gets 401, an unknown method 404; <see cref="FailNext"/>
/// injects any error (429 with <c>retry_after</c>). See README.md for what it does not cover.
/// </summary>
public sealed class FakeTelegramBotApi : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<JsonObject> _updates = [];
    private readonly List<SentMessage> _sent = [];
    private readonly List<(long ChatId, string Action)> _actions = [];
    private readonly QueuedFaults<ApiFault> _faults = new();
    private readonly List<string> _calls = [];
    private readonly HttpClient _webhookClient = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _webhookPump = Task.CompletedTask;
    private int _nextUpdateId = 100_000;
    private int _nextMessageId = 1;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _waitingPoll;

    private FakeTelegramBotApi(WebApplication app, long botId, string username, string token)
    {
        _app = app;
        BotId = botId;
        Username = username;
        Token = token;
    }

    /// <summary>Where the bot's library points (<c>baseUrl</c>, as for a self-hosted Bot API server).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The bot's token; calls with any other get 401.</summary>
    public string Token { get; set; }

    /// <summary>The bot's user id.</summary>
    public long BotId { get; }

    /// <summary>The bot's username (without the @).</summary>
    public string Username { get; }

    /// <summary>The webhook URL set, or null while polling.</summary>
    public string? WebhookUrl { get; private set; }

    /// <summary>The secret token given with setWebhook.</summary>
    public string? WebhookSecret { get; private set; }

    /// <summary>Where webhook posts really go: stands in for the internet and ingress between Telegram and the gateway.</summary>
    public Func<string, Uri>? WebhookRoute { get; set; }

    /// <summary>Messages the bot sent, in order.</summary>
    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return _sent.ToArray();
            }
        }
    }

    /// <summary>Chat actions the bot sent (<c>typing</c>).</summary>
    public IReadOnlyList<(long ChatId, string Action)> Actions
    {
        get
        {
            lock (_gate)
            {
                return _actions.ToArray();
            }
        }
    }

    /// <summary>Every method called, in order.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>Updates not yet confirmed by an offset (or, with a webhook, not yet answered 2xx).</summary>
    public int PendingUpdates
    {
        get
        {
            lock (_gate)
            {
                return _updates.Count;
            }
        }
    }

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static async Task<FakeTelegramBotApi> StartAsync(long botId = 7_000_000_001, string username = "family_nas_bot")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeTelegramBotApi(app, botId, username, $"{botId}:AAH{Convert.ToHexString(Guid.NewGuid().ToByteArray())}");
        app.Map("/bot{token}/{method}", fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First();
        fake._webhookPump = Task.Run(fake.PumpWebhookAsync);
        return fake;
    }

    /// <summary>A person writes to the bot; returns the message's id (what a reply to it names).</summary>
    public int Write(long chatId, long fromId, string text, string chatType = "private", bool replyToBot = false)
    {
        lock (_gate)
        {
            var updateId = _nextUpdateId++;
            var messageId = _nextMessageId++;
            var message = new JsonObject
            {
                ["message_id"] = messageId,
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatType },
                ["from"] = new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = $"user{fromId}" },
                ["text"] = text,
            };
            var entities = Entities(text);
            if (entities.Count > 0)
            {
                message["entities"] = entities;
            }

            if (replyToBot)
            {
                message["reply_to_message"] = new JsonObject
                {
                    ["message_id"] = 1,
                    ["date"] = 0,
                    ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatType },
                    ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "bot", ["username"] = Username },
                    ["text"] = "earlier answer",
                };
            }

            _updates.Add(new JsonObject { ["update_id"] = updateId, ["message"] = message });
            Signal();
            return messageId;
        }
    }

    /// <summary>The next call of <paramref name="method"/> fails with <paramref name="fault"/>.</summary>
    public void FailNext(string method, ApiFault fault) => _faults.Add(method, fault);

    /// <summary>Waits until <paramref name="condition"/> holds over the sent messages.</summary>
    public Task WaitUntilAsync(Func<FakeTelegramBotApi, bool> condition, TimeSpan limit, string what) =>
        FakeWaits.UntilAsync(
            () => condition(this),
            () =>
            {
                lock (_gate)
                {
                    return _changed.Task;
                }
            },
            limit,
            () => $"timed out waiting for {what}; sent so far: {string.Join(" | ", Sent.Select(s => $"{s.ChatId}: {s.Text}"))}; calls: {string.Join(",", Calls.TakeLast(20))}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _webhookPump;
        await _app.DisposeAsync();
        _webhookClient.Dispose();
        _stopping.Dispose();
    }

    private JsonArray Entities(string text)
    {
        var entities = new JsonArray();
        if (text.StartsWith('/'))
        {
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            entities.Add(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = end < 0 ? text.Length : end });
        }

        var mention = text.IndexOf("@" + Username, StringComparison.Ordinal);
        if (mention >= 0 && !(text.StartsWith('/') && mention < (text.IndexOf(' ', StringComparison.Ordinal) is var space && space < 0 ? text.Length : space)))
        {
            entities.Add(new JsonObject { ["type"] = "mention", ["offset"] = mention, ["length"] = Username.Length + 1 });
        }

        return entities;
    }

    private async Task HandleAsync(HttpContext context, string token, string method)
    {
        var parameters = await ReadParametersAsync(context.Request);
        var fault = _faults.Next(method);
        lock (_gate)
        {
            _calls.Add(method);
            Signal();
        }

        if (token != Token)
        {
            await ErrorAsync(context, new ApiFault(401, "Unauthorized"));
            return;
        }

        if (fault is not null)
        {
            await ErrorAsync(context, fault);
            return;
        }

        switch (method.ToLowerInvariant())
        {
            case "getme":
                await OkAsync(context, new JsonObject
                {
                    ["id"] = BotId,
                    ["is_bot"] = true,
                    ["first_name"] = "Family NAS",
                    ["username"] = Username,
                    ["can_join_groups"] = true,
                    ["can_read_all_group_messages"] = false,
                    ["supports_inline_queries"] = false,
                });
                break;
            case "getupdates":
                await GetUpdatesAsync(context, parameters);
                break;
            case "sendmessage":
                await SendMessageAsync(context, parameters);
                break;
            case "sendchataction":
                lock (_gate)
                {
                    _actions.Add((Long(parameters, "chat_id"), parameters["action"]?.GetValue<string>() ?? string.Empty));
                }

                await OkAsync(context, JsonValue.Create(true));
                break;
            case "setwebhook":
                await SetWebhookAsync(context, parameters);
                break;
            case "deletewebhook":
                lock (_gate)
                {
                    WebhookUrl = null;
                    WebhookSecret = null;
                    if (parameters["drop_pending_updates"]?.GetValue<bool>() == true)
                    {
                        _updates.Clear();
                    }
                }

                await OkAsync(context, JsonValue.Create(true), "Webhook was deleted");
                break;
            default:
                await ErrorAsync(context, new ApiFault(404, "Not Found"));
                break;
        }
    }

    private async Task GetUpdatesAsync(HttpContext context, JsonObject parameters)
    {
        CancellationTokenSource poll;
        lock (_gate)
        {
            if (WebhookUrl is not null)
            {
                poll = null!;
            }
            else
            {
                // A newer getUpdates ends the one still waiting (two consumers of one bot).
                _waitingPoll?.Cancel();
                poll = _waitingPoll = new CancellationTokenSource();
            }
        }

        if (poll is null)
        {
            await ErrorAsync(context, new ApiFault(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
            return;
        }

        var offset = parameters["offset"] is { } o ? (int?)Long(parameters, "offset") : null;
        var limit = parameters["limit"] is { } l ? Math.Clamp((int)Long(parameters, "limit"), 1, 100) : 100;
        var timeout = parameters["timeout"] is { } t ? Long(parameters, "timeout") : 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, context.RequestAborted, _stopping.Token);
        while (true)
        {
            Task changed;
            JsonArray result;
            lock (_gate)
            {
                if (offset is { } confirmed)
                {
                    // "An update is considered confirmed as soon as getUpdates is called with an offset higher than its update_id."
                    _updates.RemoveAll(u => u["update_id"]!.GetValue<int>() < confirmed);
                }

                result = new JsonArray(_updates.Take(limit).Select(u => (JsonNode)u.DeepClone()).ToArray());
                changed = _changed.Task;
            }

            if (result.Count > 0 || DateTime.UtcNow >= deadline)
            {
                await OkAsync(context, result);
                return;
            }

            try
            {
                await changed.WaitAsync(deadline - DateTime.UtcNow, linked.Token);
            }
            catch (TimeoutException)
            {
                // The long poll's timeout: answer with what there is (nothing).
            }
            catch (OperationCanceledException) when (poll.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                await ErrorAsync(context, new ApiFault(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SendMessageAsync(HttpContext context, JsonObject parameters)
    {
        var text = parameters["text"]?.GetValue<string>() ?? string.Empty;
        if (text.Trim().Length == 0)
        {
            await ErrorAsync(context, new ApiFault(400, "Bad Request: message text is empty"));
            return;
        }

        if (text.Length > 4096)
        {
            await ErrorAsync(context, new ApiFault(400, "Bad Request: message is too long"));
            return;
        }

        var chatId = Long(parameters, "chat_id");
        int? replyTo = parameters["reply_parameters"]?["message_id"] is { } r ? (int)r.GetValue<long>() : null;
        int messageId;
        lock (_gate)
        {
            messageId = _nextMessageId++;
            _sent.Add(new SentMessage(chatId, messageId, text, replyTo));
            Signal();
        }

        await OkAsync(context, new JsonObject
        {
            ["message_id"] = messageId,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId < 0 ? "supergroup" : "private" },
            ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Family NAS", ["username"] = Username },
            ["text"] = text,
        });
    }

    private async Task SetWebhookAsync(HttpContext context, JsonObject parameters)
    {
        var url = parameters["url"]?.GetValue<string>() ?? string.Empty;
        if (url.Length > 0 && !url.StartsWith("https://", StringComparison.Ordinal))
        {
            await ErrorAsync(context, new ApiFault(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"));
            return;
        }

        lock (_gate)
        {
            WebhookUrl = url.Length > 0 ? url : null;
            WebhookSecret = parameters["secret_token"]?.GetValue<string>();
            if (parameters["drop_pending_updates"]?.GetValue<bool>() == true)
            {
                _updates.Clear();
            }

            _waitingPoll?.Cancel();
            Signal();
        }

        await OkAsync(context, JsonValue.Create(true), "Webhook was set");
    }

    private async Task PumpWebhookAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            JsonObject? next;
            string? url;
            string? secret;
            Task changed;
            lock (_gate)
            {
                url = WebhookUrl;
                secret = WebhookSecret;
                next = url is null ? null : _updates.FirstOrDefault();
                changed = _changed.Task;
            }

            if (next is null || url is null || WebhookRoute is null)
            {
                await Task.WhenAny(changed, Task.Delay(100));
                continue;
            }

            var delivered = false;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, WebhookRoute(url)) { Content = new StringContent(next.ToJsonString(), Encoding.UTF8, "application/json") };
                if (secret is not null)
                {
                    request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
                }

                using var response = await _webhookClient.SendAsync(request, _stopping.Token);
                delivered = response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                // Not reachable: deliver again later, as Telegram does.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_gate)
            {
                if (delivered)
                {
                    _updates.Remove(next);
                    Signal();
                }
            }

            if (!delivered)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = Scalar(value.ToString());
        }

        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                parameters[key] = Scalar(value.ToString());
            }
        }
        else if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            if (await JsonNode.ParseAsync(request.Body) is JsonObject body)
            {
                foreach (var (key, value) in body.ToArray())
                {
                    body.Remove(key);
                    parameters[key] = value;
                }
            }
        }

        return parameters;
    }

    // Form and query values are strings; JSON-serialized ones (objects, arrays) are parsed as the API does.
    private static JsonNode? Scalar(string value) =>
        value.StartsWith('{') || value.StartsWith('[') ? JsonNode.Parse(value)
        : long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
        : bool.TryParse(value, out var flag) ? JsonValue.Create(flag)
        : JsonValue.Create(value);

    private static long Long(JsonObject parameters, string name) =>
        parameters[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number
        : long.Parse(parameters[name]?.ToString() ?? "0", CultureInfo.InvariantCulture);

    private static Task OkAsync(HttpContext context, JsonNode? result, string? description = null)
    {
        var body = new JsonObject { ["ok"] = true, ["result"] = result };
        if (description is not null)
        {
            body["description"] = description;
        }

        return WriteAsync(context, HttpStatusCode.OK, body);
    }

    private static Task ErrorAsync(HttpContext context, ApiFault fault)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = fault.ErrorCode, ["description"] = fault.Description };
        if (fault.RetryAfter is { } retry)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = retry };
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, (HttpStatusCode)fault.ErrorCode, body);
    }

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, JsonObject body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(Json));
    }

    private void Signal()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
