using System.Globalization;
using System.Text;
using NasAssistant.Runtime.Batching;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Knowledge;
using NasAssistant.Runtime.Models;
using NasAssistant.Runtime.Security;

namespace NasAssistant.Runtime.Chat;

/// <summary>
/// Runs chat turns: joins the stored conversation with the request, retrieves knowledge passages,
/// picks the generative model or the retrieval answer, and stores the exchange once the reply is whole.
/// </summary>
internal sealed class ChatService(ModelHost host, ConversationStore store, KnowledgeBase? knowledge)
{
    /// <summary>Knowledge passages looked up per turn.</summary>
    public const int PassagesPerReply = 3;

    /// <summary>
    /// Cosine similarity below which a passage is not offered: with all-MiniLM-L6-v2, unrelated
    /// sentences score about 0 to 0.2 and passages that answer a question usually 0.4 or more.
    /// </summary>
    public const float MinRelevance = 0.25f;

    /// <summary>The served model's name.</summary>
    public string ModelName => host.Name;

    /// <summary>
    /// For a request with an idempotency key: waits until no other request with a key is being answered in its
    /// conversation (in this process or another on the folder), then looks for the reply stored under the key.
    /// Null for a request without a key; dispose the result once the turn is stored or has failed.
    /// </summary>
    /// <exception cref="ChatRefusedException">
    /// The key was used for another message (409), the conversation is another identity's (404), unreadable or locked.
    /// </exception>
    public async Task<IdempotentTurn?> BeginIdempotentAsync(ChatRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IdempotencyKey is not { } key)
        {
            return null;
        }

        // Refused before the lock, so that another identity can neither wait on the owner's turns nor time them.
        await ReadAsync(request.ConversationId!, caller, cancellationToken);
        IDisposable held;
        try
        {
            held = await store.LockTurnAsync(request.ConversationId!, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw Locked(e);
        }

        try
        {
            var turns = await ReadAsync(request.ConversationId!, caller, cancellationToken);
            return new IdempotentTurn(held, IdempotentTurn.Find(turns, key, request.Messages[^1].Content));
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Loads the history, retrieves passages and starts the reply.</summary>
    /// <exception cref="ChatRefusedException">
    /// The turn cannot be answered now (model not ready, no way to answer, conversation unreadable) or by this caller.
    /// </exception>
    public async Task<PreparedReply> PrepareAsync(ChatRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = host.Model ?? throw new ChatRefusedException(
            new ChatRequestError(503, host.NotReadyMessage, "model_not_ready", RetryAfter: TimeSpan.FromSeconds(5)));
        if (model.Generator is null && (knowledge is null || model.Embedder is null))
        {
            throw new ChatRefusedException(new ChatRequestError(400,
                $"model '{host.Name}' serves task {model.Task.ToString().ToLowerInvariant()} and no knowledge base is configured: "
                + "chat needs knowledge.directory (answers from documents) or a model with task chat", "chat_unavailable", "model"));
        }

        var (history, newTurns) = request.ConversationId is { } id
            ? ConversationHistory.Split(await ReadAsync(id, caller, cancellationToken), request.Messages)
            : ([], request.Messages);
        var prompt = history.Concat(newTurns).ToArray();
        var question = prompt.Last(t => t.Role == "user").Content;
        var passages = await RetrieveAsync(question, cancellationToken);
        var citations = passages.Select((p, i) => new ChatCitation(i + 1, p.Source, p.ChunkIndex, p.Score)).ToArray();
        var reply = model.Generator is { } generator
            ? generator.GenerateAsync(WithPassages(prompt, passages), request.Settings, cancellationToken)
            : RetrievalAnswer.StreamAsync(RetrievalAnswer.Compose(passages), question, request.Settings, model.Embedder!.Tokenizer, cancellationToken);
        return new PreparedReply(model.Generator is null ? ChatMode.Retrieval : ChatMode.Generative, reply, citations, newTurns);
    }

    /// <summary>
    /// Stores the new messages and the reply together, durably, for <paramref name="caller"/>; the reply is acknowledged
    /// after this. <paramref name="answer"/>, for a request with an idempotency key, is kept with the reply.
    /// </summary>
    /// <exception cref="ConversationTooLargeException">The conversation would pass its size cap; nothing was stored.</exception>
    /// <exception cref="ForeignConversationException">Another identity created the conversation meanwhile; nothing was stored.</exception>
    /// <exception cref="TimeoutException">The conversation stayed locked by another writer.</exception>
    public Task StoreAsync(string conversationId, Caller caller, IReadOnlyList<ChatTurn> newTurns, string reply, StoredReply? answer)
    {
        ArgumentNullException.ThrowIfNull(newTurns);

        // Not the request's token: once the write has begun it finishes, so an acknowledged turn and the file agree.
        return store.AppendAsync(
            conversationId, caller, [.. newTurns.Select(t => new NewTurn(t.Role, t.Content)), new NewTurn("assistant", reply, answer)], CancellationToken.None);
    }

    /// <summary>The answer to a turn of another identity's conversation: the same as the conversation API's for a missing one.</summary>
    internal static ChatRequestError NotFound(string conversationId) =>
        new(404, $"conversation '{conversationId}' does not exist", "conversation_not_found", "conversation_id");

    private static ChatRefusedException Locked(TimeoutException e) =>
        new(new ChatRequestError(503, e.Message, "conversation_locked", RetryAfter: TimeSpan.FromSeconds(1)));

    /// <summary>
    /// The prompt with the passages put before the conversation as a system message, numbered so
    /// the model can cite them the way the retrieval answer does.
    /// </summary>
    internal static IReadOnlyList<ChatTurn> WithPassages(IReadOnlyList<ChatTurn> prompt, IReadOnlyList<RetrievedPassage> passages)
    {
        if (passages.Count == 0)
        {
            return prompt;
        }

        var context = new StringBuilder("Answer from these passages of the owner's documents when they are relevant, and cite them as [n]:");
        for (var i = 0; i < passages.Count; i++)
        {
            context.Append(CultureInfo.InvariantCulture, $"\n[{i + 1}] ({passages[i].Source}) {passages[i].Text.Trim()}");
        }

        var leadingSystem = prompt.TakeWhile(t => t.Role == "system").Count();
        return [.. prompt.Take(leadingSystem), new ChatTurn("system", context.ToString()), .. prompt.Skip(leadingSystem)];
    }

    // The stored turns (none for a new conversation), with the store's refusals as chat errors.
    private async Task<IReadOnlyList<StoredTurn>> ReadAsync(string id, Caller caller, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReadAsync(id, caller, cancellationToken) ?? [];
        }
        catch (ForeignConversationException)
        {
            throw new ChatRefusedException(NotFound(id));
        }
        catch (ConversationCorruptException e)
        {
            throw new ChatRefusedException(new ChatRequestError(500, e.Message, "conversation_unreadable"));
        }
        catch (TimeoutException e)
        {
            throw Locked(e);
        }
    }

    private async Task<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string question, CancellationToken cancellationToken)
    {
        if (knowledge is null)
        {
            return [];
        }

        try
        {
            var passages = await knowledge.SearchAsync(question, PassagesPerReply, cancellationToken);
            return passages.Where(p => p.Score >= MinRelevance).ToArray();
        }
        catch (KnowledgeUnavailableException e)
        {
            throw new ChatRefusedException(new ChatRequestError(503, e.Message, "knowledge_unavailable"));
        }
        catch (QueueFullException e)
        {
            throw new ChatRefusedException(new ChatRequestError(429, e.Message, "overloaded", RetryAfter: e.RetryAfter));
        }
    }
}
