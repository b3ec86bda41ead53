using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Config.Gateway;
using OpenAI;
using OpenAI.Chat;

namespace NasAssistant.Gateway.Assistant;

/// <summary>
/// Asks the assistant through its OpenAI chat API with the official client: HTTPS trusting the mounted CA,
/// the gateway's own API key (re-read when its file changes), the channel user in <c>X-Assistant-User</c>
/// and an <c>Idempotency-Key</c>, so a redelivered message is answered from the stored reply. Without a key
/// file the assistant is in its anonymous single-user mode, which refuses <c>X-Assistant-User</c>: the user is
/// then not sent, and the conversations, still one per chat, are not kept from other clients of the API.
/// </summary>
internal sealed class AssistantClient : IDisposable
{
    private const string AnonymousKey = "anonymous";
    private readonly ChatClient _chat;
    private readonly HttpClient _http;
    private readonly TrustedAuthority? _authority;
    private readonly SecretFile? _apiKey;

    /// <summary>Builds the client; the CA and key files are read now and watched.</summary>
    public AssistantClient(GatewayAssistantConfig config, TimeSpan filePollInterval, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(config);
        Model = config.Model;
        var socket = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (config.CaFile is not null)
        {
            var authority = new TrustedAuthority(config.CaFile, filePollInterval, loggers.CreateLogger<TrustedAuthority>());
            _authority = authority;
            socket.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => authority.Validate(certificate, errors);
        }

        _http = new HttpClient(socket) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(new Uri(config.Url.TrimEnd('/') + "/"), "v1"),
            NetworkTimeout = TimeSpan.FromSeconds(config.TimeoutSeconds),
            Transport = new HttpClientPipelineTransport(_http),
        };

        // Without a key file the assistant runs without keys and ignores the Authorization header the client always sends.
        var credential = new ApiKeyCredential(AnonymousKey);
        if (config.ApiKeyFile is not null)
        {
            var apiKey = new SecretFile(config.ApiKeyFile, filePollInterval, loggers.CreateLogger<SecretFile>());
            credential.Update(apiKey.Value ?? string.Empty);
            apiKey.Changed += () => credential.Update(apiKey.Value ?? string.Empty);
            _apiKey = apiKey;
        }

        _chat = new ChatClient(config.Model, credential, options);
    }

    /// <summary>The model named in each request.</summary>
    public string Model { get; }

    /// <summary>Asks one question and waits for the whole reply.</summary>
    /// <exception cref="AssistantUnavailableException">The assistant is unreachable or failed on its side; ask again later.</exception>
    /// <exception cref="AssistantRefusedException">The assistant refused this question.</exception>
    public async Task<AssistantReply> AskAsync(AssistantTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var options = new RequestOptions { CancellationToken = cancellationToken };
        if (_apiKey is not null)
        {
            options.AddHeader(AssistantHeaders.User, turn.User);
        }

        options.AddHeader(AssistantHeaders.IdempotencyKey, turn.IdempotencyKey);
        ClientResult result;
        try
        {
            result = await _chat.CompleteChatAsync(BinaryContent.Create(BinaryData.FromBytes(RequestBody(turn))), options);
        }
        catch (ClientResultException e) when (e.Status is >= 400 and < 500 and not 408 and not 429)
        {
            throw new AssistantRefusedException(ErrorMessage(e), e);
        }
        catch (ClientResultException e)
        {
            throw new AssistantUnavailableException(e.Status == 0 ? e.Message : $"the assistant answered {e.Status}: {ErrorMessage(e)}", e);
        }
        catch (HttpRequestException e)
        {
            throw new AssistantUnavailableException($"the assistant is unreachable: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AssistantUnavailableException("the assistant did not answer in time", e);
        }

        var response = result.GetRawResponse();
        var replayed = response.Headers.TryGetValue(AssistantHeaders.IdempotentReplayed, out var flag)
            && string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);
        return Parse(response.Content, replayed);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _authority?.Dispose();
        _apiKey?.Dispose();
    }

    private byte[] RequestBody(AssistantTurn turn)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", Model);
            json.WriteString("conversation_id", turn.ConversationId);
            json.WriteStartArray("messages");
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteString("content", turn.Text);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static AssistantReply Parse(BinaryData content, bool replayed)
    {
        var completion = ModelReaderWriter.Read<ChatCompletion>(content)
            ?? throw new AssistantUnavailableException("the assistant sent an empty reply");
        var text = string.Concat(completion.Content.Select(part => part.Text));

        // Citations ride beside OpenAI's fields, which the client's types do not carry.
        using var document = JsonDocument.Parse(content);
        var citations = new List<Citation>();
        if (document.RootElement.TryGetProperty("citations", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                citations.Add(new Citation(
                    item.GetProperty("index").GetInt32(),
                    item.GetProperty("source").GetString() ?? string.Empty,
                    item.TryGetProperty("chunk_index", out var chunk) ? chunk.GetInt32() : 0));
            }
        }

        return new AssistantReply(text, citations, replayed);
    }

    private static string ErrorMessage(ClientResultException e)
    {
        try
        {
            var body = e.GetRawResponse()?.Content;
            if (body is not null)
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message))
                {
                    return message.GetString() ?? e.Message;
                }
            }
        }
        catch (JsonException)
        {
            // Not OpenAI's error shape: the client's own message says enough.
        }

        return e.Message;
    }
}
