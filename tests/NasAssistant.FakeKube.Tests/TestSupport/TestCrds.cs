using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>Small CRDs for registration tests, and the problems the fake reports for them.</summary>
internal static class TestCrds
{
    /// <summary>The schema path errors name: one version's schema moves to <c>spec.validation</c>.</summary>
    public const string Root = "spec.validation.openAPIV3Schema";

    public static JsonObject WithSchema(string schema, string versionExtras = "") => JsonNode.Parse($$$"""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","kind":"Widget"},
          "versions":[{"name":"v1","served":true,"storage":true{{{versionExtras}}},"schema":{"openAPIV3Schema":{{{schema}}}}}]}}
        """)!.AsObject();

    /// <summary>A CRD whose spec object has the given properties (and rules and defaults), under <c>properties[spec]</c>.</summary>
    public static JsonObject WithSpec(string spec) => WithSchema($$$"""{"type":"object","properties":{"spec":{{{spec}}}}}""");

    /// <summary>Each cause as <c>field: message</c>; empty when the CRD is accepted.</summary>
    public static List<string> Problems(JsonObject crd, JsonObject? old = null)
    {
        try
        {
            CustomResourceDefinitions.Parse(crd, old, new CelRuleEvaluator());
            return [];
        }
        catch (KubeApiException e) when (e.Code == 422)
        {
            return e.Details!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList();
        }
    }
}
