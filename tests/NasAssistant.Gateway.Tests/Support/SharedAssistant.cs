namespace NasAssistant.Gateway.Tests.Support;

/// <summary>Tests that share one real runtime as their assistant.</summary>
[CollectionDefinition(Name)]
public sealed class SharedAssistant : ICollectionFixture<AssistantServer>
{
    public const string Name = "assistant";
}
