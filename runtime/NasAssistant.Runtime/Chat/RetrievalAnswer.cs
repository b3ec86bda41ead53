using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Knowledge;

namespace NasAssistant.Runtime.Chat;

/// <summary>
/// The reply of an assistant without a generative model: the best-matching knowledge passage,
/// quoted, with numbered sources, the way a help-desk bot answers from its articles.
/// </summary>
internal static class RetrievalAnswer
{
    /// <summary>The reply when no passage is relevant enough.</summary>
    public const string NothingFound = "I could not find anything about that in the documents I have. Try asking in other words, or add a document that covers it.";

    /// <summary>The full answer text for <paramref name="passages"/> (best first), cited as [1], [2]...</summary>
    public static string Compose(IReadOnlyList<RetrievedPassage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count == 0)
        {
            return NothingFound;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"From {passages[0].Source}:\n\n{passages[0].Text.Trim()} [1]\n\nSources:");
        for (var i = 0; i < passages.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[{i + 1}] {passages[i].Source} (passage {passages[i].ChunkIndex + 1}, relevance {passages[i].Score:0.00})");
        }

        return text.ToString();
    }

    /// <summary>
    /// Streams <paramref name="answer"/> word by word as a generator would, cut at the first stop
    /// sequence and at <see cref="GenerationSettings.MaxTokens"/> (counted with the embedding model's tokenizer).
    /// The prompt tokens reported are the question's: it is all the model read for this answer, whatever the
    /// length of the conversation before it.
    /// </summary>
    public static async IAsyncEnumerable<GeneratedText> StreamAsync(
        string answer,
        string question,
        GenerationSettings settings,
        WordPieceTokenizer tokenizer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var promptTokens = tokenizer.CountTokens(question);
        var finish = FinishReason.Stop;
        foreach (var stop in settings.Stop)
        {
            var at = answer.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0)
            {
                answer = answer[..at];
            }
        }

        var tokens = 0;
        foreach (var piece in Pieces(answer))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = tokenizer.CountTokens(piece);
            if (tokens + count > settings.MaxTokens)
            {
                finish = FinishReason.Length;
                break;
            }

            tokens += count;
            yield return new GeneratedText(piece);
        }

        await Task.CompletedTask;
        yield return new GeneratedText(string.Empty, finish, new GenerationUsage(promptTokens, tokens, 0));
    }

    // Each word with the whitespace before it, so the pieces concatenate to the answer.
    private static IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1])))
            {
                yield return text[start..i];
                start = i;
            }
        }
    }
}
