using k8s;
using k8s.Models;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>A small CRD (Gadget) with a status subresource, a list map and a set, for schema-driven tests.</summary>
internal static class TestCrds
{
    public const string Group = "test.nasassistant.io";
    public const string Plural = "gadgets";

    public static V1CustomResourceDefinition Gadget() => KubernetesJson.Deserialize<V1CustomResourceDefinition>("""
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
    """);
}
