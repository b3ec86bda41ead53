using Microsoft.ML.Tokenizers;

namespace NasAssistant.Runtime.Inference;

/// <summary>BERT WordPiece tokenization (lower-cased, as all-MiniLM-L6-v2 was trained) with [CLS]/[SEP].</summary>
internal sealed class WordPieceTokenizer
{
    private readonly BertTokenizer _tokenizer;

    private WordPieceTokenizer(BertTokenizer tokenizer, int maxTokens)
    {
        _tokenizer = tokenizer;
        MaxTokens = maxTokens;
    }

    /// <summary>Longest sequence produced, special tokens included; longer texts are truncated.</summary>
    public int MaxTokens { get; }

    /// <summary>Loads a <c>vocab.txt</c>.</summary>
    public static WordPieceTokenizer Load(string vocabularyPath, int maxTokens)
    {
        var tokenizer = BertTokenizer.Create(vocabularyPath, new BertOptions { LowerCaseBeforeTokenization = true });
        return new WordPieceTokenizer(tokenizer, maxTokens);
    }

    /// <summary>Tokens in <paramref name="text"/>, without special tokens or truncation (for usage counts).</summary>
    public int CountTokens(string text) => _tokenizer.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true).Count;

    /// <summary>Token ids of one text, starting with [CLS] and ending with [SEP].</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = _tokenizer.EncodeToIds(text, MaxTokens, addSpecialTokens: true, out _, out _);
        if (ids.Count > 0 && ids[^1] == _tokenizer.SeparatorTokenId)
        {
            return [.. ids];
        }

        // Truncation can cut the closing [SEP]; the model expects every sequence to end with one.
        var result = new int[Math.Min(ids.Count + 1, MaxTokens)];
        for (var i = 0; i < result.Length - 1; i++)
        {
            result[i] = ids[i];
        }

        result[^1] = _tokenizer.SeparatorTokenId;
        return result;
    }
}
