namespace NasAssistant.Runtime.Tests.Support;

[CollectionDefinition(Name)]
public sealed class RealModelGroup : ICollectionFixture<RealModelServer>
{
    public const string Name = "real model server";
}
