using System.Text.Json;
using NasAssistant.Runtime.Generation;

namespace NasAssistant.Runtime.Tests.Generation;

public sealed class ChatPromptTests
{
    private static readonly ChatTurn[] Conversation =
    [
        new("system", "You are terse."),
        new("user", "Say \"hi\"\nplease"),
        new("assistant", "hi"),
        new("USER", "Again?"),
    ];

    [Fact]
    public void Fallback_IsOneCapitalisedLinePerMessageEndingWithAssistant()
    {
        Assert.Equal(
            "System: You are terse.\nUser: Say \"hi\"\nplease\nAssistant: hi\nUser: Again?\nAssistant:",
            ChatPrompt.Fallback(Conversation));
    }

    [Fact]
    public void ToJson_IsTheRoleContentArrayChatTemplatesRead()
    {
        var parsed = JsonSerializer.Deserialize<JsonElement>(ChatPrompt.ToJson(Conversation));

        Assert.Equal(4, parsed.GetArrayLength());
        Assert.Equal("user", parsed[1].GetProperty("role").GetString());
        Assert.Equal("Say \"hi\"\nplease", parsed[1].GetProperty("content").GetString());
    }
}
