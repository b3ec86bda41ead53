using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>
/// Small CRDs: Gadget (a status subresource, a list map and a set) for schema-driven tests, and
/// Widgets for registration tests with the problems the fake reports for them.
/// </summary>
internal static class TestCrds
{
    public const string Group = "test.nasassistant.io";
    public const string Plural = "gadgets";

    /// <summary>The schema path errors name: one version's schema moves to <c>spec.validation</c>.</summary>
    public const string Root = "spec.validation.openAPIV3Schema";

    public static V1CustomResourceDefinition Gadget() => KubernetesJson.Deserialize<V1CustomResourceDefinition>(GadgetDefinition);

    /// <summary>The Gadget CRD as the JSON the store takes.</summary>
    public static JsonObject GadgetJson() => JsonNode.Parse(GadgetDefinition)!.AsObject();

    private const string GadgetDefinition = """
    {
      "apiVersion": "apiextensions.k8s.io/v1",
      "kind": "CustomResourceDefinition",
      "metadata": { "name": "gadgets.test.nasassistant.io" },
      "spec": {
        "group": "test.nasassistant.io",
        "scope": "Namespaced",
        "names": { "plural": "gadgets", "singular": "gadget", "kind": "Gadget", "listKind": "GadgetList" },
        "versions": [{
          "name": "v1", "served": true, "storage": true,
          "subresources": { "status": {} },
          "schema": { "openAPIV3Schema": {
            "type": "object",
            "description": "A Gadget is a test resource.",
            "properties": {
              "spec": {
                "type": "object",
                "description": "What the gadget should do.",
                "properties": {
                  "size": { "type": "integer", "description": "How big it is." },
                  "color": { "type": "string" },
                  "parts": {
                    "type": "array",
                    "x-kubernetes-list-type": "map",
                    "x-kubernetes-list-map-keys": ["name"],
                    "items": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" }, "count": { "type": "integer" } } }
                  },
                  "tags": { "type": "array", "x-kubernetes-list-type": "set", "items": { "type": "string" } },
                  "labels": { "type": "object", "additionalProperties": { "type": "string" } }
                }
              },
              "status": { "type": "object", "properties": { "phase": { "type": "string" } } }
            }
          } }
        }]
      }
    }
    """;

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
