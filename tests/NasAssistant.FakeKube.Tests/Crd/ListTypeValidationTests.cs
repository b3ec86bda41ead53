using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Crd;

/// <summary>listtype.ValidateListSetsAndMaps: a custom resource's set holds each item once, its map each key once.</summary>
public sealed class ListTypeValidationTests : ValidationTest
{
    private const string CrdJson = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"bots.test.nasassistant.io"},
         "spec":{"group":"test.nasassistant.io","scope":"Namespaced","names":{"plural":"bots","singular":"bot","kind":"Bot","listKind":"BotList"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{
            "channels":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
              "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"port":{"type":"integer"}}}},
            "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["port","protocol"],
              "items":{"type":"object","required":["port","protocol"],"properties":{"port":{"type":"integer"},"protocol":{"type":"string"}}}},
            "tags":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}}}}}}}}]}}
        """;

    [Theory]
    [InlineData("{'channels':[{'name':'a'},{'name':'b','port':1},{'name':'a','port':2}]}", "spec.channels[2]", "Duplicate value: map[string]interface {}{\"name\":\"a\"}")]
    [InlineData("{'ports':[{'port':80,'protocol':'TCP'},{'port':80,'protocol':'UDP'},{'port':80,'protocol':'TCP'}]}", "spec.ports[2]", "Duplicate value: map[string]interface {}{\"port\":80, \"protocol\":\"TCP\"}")]
    [InlineData("{'tags':['home','work','home']}", "spec.tags[2]", "Duplicate value: \"home\"")]
    public async Task Rejects_DuplicateItems_NamingThemAsTheApiServerDoes(string spec, string field, string message)
    {
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(CrdJson));

        await InvalidAsync(() => CreateAsync(Bot(spec)), field, message);
    }

    [Fact]
    public async Task Accepts_DistinctItems()
    {
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(CrdJson));

        await CreateAsync(Bot("{'channels':[{'name':'a'},{'name':'b'}],'ports':[{'port':80,'protocol':'TCP'},{'port':80,'protocol':'UDP'}],'tags':['home','work']}"));
    }

    private static JsonObject Bot(string spec) =>
        With(Json("{'apiVersion':'test.nasassistant.io/v1','kind':'Bot','metadata':{'name':'family'}}"), "{'spec':" + spec + "}");
}
