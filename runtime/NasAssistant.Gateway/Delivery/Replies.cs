using System.Globalization;
using System.Text;
using NasAssistant.Gateway.Assistant;

namespace NasAssistant.Gateway.Delivery;

/// <summary>What the gateway itself says (everything else comes from the assistant).</summary>
internal static class Replies
{
    /// <summary>The answer to <c>/start</c>.</summary>
    public const string Greeting =
        "Hello! I am the assistant of this home's NAS. Ask me anything and I will answer from what it knows.\n\n"
        + "/new starts a fresh conversation; /sources shows where my last answer came from.";

    /// <summary>The answer to <c>/new</c>.</summary>
    public const string NewConversation = "Started a new conversation. What would you like to know?";

    /// <summary>Said when the assistant's reply had no text.</summary>
    public const string Empty = "I have no answer to that.";

    /// <summary>The one polite refusal a stranger gets; <paramref name="id"/> is what the owner adds to the allow-list.</summary>
    public static string Stranger(string id) => string.Create(CultureInfo.InvariantCulture,
        $"Sorry, this assistant only talks to people its owner has allowed, and nothing you write is kept. If you know the owner, ask them to allow id {id}.");

    /// <summary>Said when the assistant refused the question.</summary>
    public static string Refused(string reason) => $"Sorry, I cannot answer that: {reason}";

    /// <summary>The answer to <c>/sources</c>.</summary>
    public static string Sources(IReadOnlyList<Citation> citations)
    {
        if (citations.Count == 0)
        {
            return "My last answer did not come from any document.";
        }

        var text = new StringBuilder("My last answer came from:");
        foreach (var citation in citations)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[{citation.Index}] {citation.Source}, passage {citation.ChunkIndex + 1}");
        }

        return text.ToString();
    }
}
