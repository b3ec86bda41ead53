using System.Globalization;
using System.Text;
using NasAssistant.Runtime.Batching;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Errors;
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
    /// <exception cref="ChatRefusedException">The key was used for another message (409) or the conversation is another identity's (404).</exception>
    /// <exception cref="ConversationCorruptException">The conversation cannot be read.</exception>
    /// <exception cref="ConversationLockedException">Another turn held the conversation past the limit.</exception>
    public async Task<IdempotentTurn?> BeginIdempotentAsync(ChatRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IdempotencyKey is not { } key)
        {
            return null;
        }

        // Refused before the lock, so that another identity can neither wait on the owner's turns nor time them.
        await ReadAsync(request.ConversationId!, caller, cancellationToken);
        var held = await store.LockTurnAsync(request.ConversationId!, cancellationToken);
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
    /// <exception cref="ModelNotReadyException">The model is still loading, or failed to.</exception>
    /// <exception cref="ChatRefusedException">The turn cannot be answered now (no way to answer, knowledge unavailable) or by this caller.</exception>
    /// <exception cref="ConversationCorruptException">The conversation cannot be read.</exception>
    /// <exception cref="ConversationLockedException">Another writer held the conversation past the limit.</exception>
    public async Task<PreparedReply> PrepareAsync(ChatRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = host.ReadyModel();
        if (model.Generator is null && (knowledge is null || model.Embedder is null))
        {
            throw new ChatRefusedException(new ApiError(400,
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
    /// <exception cref="ChatRefusedException">Another identity created the conversation meanwhile; nothing was stored.</exception>
    /// <exception cref="ConversationLockedException">The conversation stayed locked by another writer.</exception>
    public async Task StoreAsync(string conversationId, Caller caller, IReadOnlyList<ChatTurn> newTurns, string reply, StoredReply? answer)
    {
        ArgumentNullException.ThrowIfNull(newTurns);
        try
        {
            // Not the request's token: once the write has begun it finishes, so an acknowledged turn and the file agree.
            await store.AppendAsync(
                conversationId, caller, [.. newTurns.Select(t => new NewTurn(t.Role, t.Content)), new NewTurn("assistant", reply, answer)], CancellationToken.None);
        }
        catch (ForeignConversationException)
        {
            throw NotFound(conversationId);
        }
    }

    /// <summary>
    /// The reply's first step. It is drawn before any byte of the answer is sent, so that a prompt the model cannot take
    /// is still answered with its error status rather than a broken stream.
    /// </summary>
    /// <exception cref="PromptTooLongException">The prompt leaves no room for a reply.</exception>
    /// <exception cref="ChatRefusedException">The model cannot format these messages, e.g. its chat template refuses them.</exception>
    public static async Task<GeneratedText> FirstStepAsync(IAsyncEnumerator<GeneratedText> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        try
        {
            return await steps.MoveNextAsync()
                ? steps.Current
                : throw new InvalidOperationException("the reply ended without a finish reason and usage");
        }
        catch (ArgumentException e)
        {
            throw new ChatRefusedException(new ApiError(400, e.Message, "invalid_request_error", "messages"));
        }
    }

    // A turn of another identity's conversation is answered as the conversation API answers a missing one, naming the chat request's field.
    private static ChatRefusedException NotFound(string conversationId) =>
        new(new ApiError(404, ForeignConversationException.NotFoundMessage(conversationId), "conversation_not_found", "conversation_id"));

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

    // The stored turns (none for a new conversation).
    private async Task<IReadOnlyList<StoredTurn>> ReadAsync(string id, Caller caller, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReadAsync(id, caller, cancellationToken) ?? [];
        }
        catch (ForeignConversationException)
        {
            throw NotFound(id);
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
            throw new ChatRefusedException(new ApiError(503, e.Message, "knowledge_unavailable"));
        }
        catch (QueueFullException e)
        {
            throw new ChatRefusedException(new ApiError(429, e.Message, "overloaded", RetryAfter: e.RetryAfter));
        }
    }
}
