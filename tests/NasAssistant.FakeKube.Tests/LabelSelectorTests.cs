using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests;

public sealed class LabelSelectorTests : FakeKubeTest
{
    // Objects: a {tier=web, env=prod}, b {tier=db, env=prod}, c {tier=web}, d {} .
    [Theory]
    [InlineData("", "a,b,c,d")]
    [InlineData("tier=web", "a,c")]
    [InlineData("tier==web", "a,c")]
    [InlineData("tier!=web", "b,d")]
    [InlineData("tier in (web,db)", "a,b,c")]
    [InlineData("tier notin (web)", "b,d")]
    [InlineData("env", "a,b")]
    [InlineData("!env", "c,d")]
    [InlineData("tier=web,env=prod", "a")]
    [InlineData("tier in (web, db),!env", "c")]
    [InlineData("tier=cache", "")]
    public async Task List_FiltersByLabelSelector(string selector, string expected)
    {
        await Seed("a", new() { ["tier"] = "web", ["env"] = "prod" });
        await Seed("b", new() { ["tier"] = "db", ["env"] = "prod" });
        await Seed("c", new() { ["tier"] = "web" });
        await Seed("d", []);

        var list = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: selector);
        Assert.Equal(expected, string.Join(",", list.Items.Select(i => i.Metadata.Name).Order()));
    }

    [Theory]
    [InlineData("tier in (web")]
    [InlineData("=web")]
    [InlineData("a b")]
    public async Task List_WithMalformedSelector_Is400(string selector)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: selector));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Response.StatusCode);
    }

    private Task<V1ConfigMap> Seed(string name, Dictionary<string, string> labels) =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = labels } }, "default");
}
