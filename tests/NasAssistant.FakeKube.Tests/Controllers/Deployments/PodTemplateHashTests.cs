using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Controllers.Deployments;

namespace NasAssistant.FakeKube.Tests.Controllers.Deployments;

public sealed class PodTemplateHashTests
{
    [Fact]
    public void EqualTemplates_HashAlike_WhateverTheirKeyOrder()
    {
        var a = JsonNode.Parse("""{"metadata":{"labels":{"app":"web","tier":"a"}},"spec":{"containers":[{"name":"app","image":"x:1"}]}}""");
        var b = JsonNode.Parse("""{"spec":{"containers":[{"image":"x:1","name":"app"}]},"metadata":{"labels":{"tier":"a","app":"web"}}}""");

        Assert.Equal(PodTemplateHash.Compute(a), PodTemplateHash.Compute(b));
    }

    [Fact]
    public void AnyChange_GivesANewHash_InTheSafeAlphabet()
    {
        var before = PodTemplateHash.Compute(JsonNode.Parse("""{"spec":{"containers":[{"name":"app","image":"x:1"}]}}"""));
        var after = PodTemplateHash.Compute(JsonNode.Parse("""{"spec":{"containers":[{"name":"app","image":"x:2"}]}}"""));

        Assert.NotEqual(before, after);
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$", before);
    }
}
