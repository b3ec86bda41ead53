using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Cli;
using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Tests.Rendering;
using NasAssistant.Operator.Validation;

namespace NasAssistant.Operator.Tests.Validation;

/// <summary>
/// The operator fills defaults the way the API server does with the generated CRD: applying the
/// CRD's schema defaults to the raw document gives the same resource as the operator's own reading.
/// </summary>
public sealed class DefaultingTests
{
    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>
        {
            "apiVersion: nasassistant.io/v1alpha1\nkind: AssistantDeployment\nmetadata: {name: bare}\n",
            "apiVersion: nasassistant.io/v1alpha1\nkind: AssistantDeployment\nmetadata: {name: empty}\nspec: {}\n",
            "apiVersion: nasassistant.io/v1alpha1\nkind: AssistantDeployment\nmetadata: {name: part}\nspec:\n  resources:\n    requests: {cpu: 1}\n  autoscaling: {enabled: true}\n",
        };
        foreach (var row in (IEnumerable<object[]>)GoldenRenderTests.Cases())
        {
            foreach (var document in File.ReadAllText(GoldenRenderTests.InputPath((string)row[0])).Split("\n---\n"))
            {
                data.Add(document);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void OperatorDefaults_EqualApiServerDefaultsFromTheCrd(string yaml)
    {
        var raw = YamlDocuments.Parse(yaml).Single()!;
        var byOperator = AssistantDeploymentValidator.Validate(raw).Resource!;

        var byApiServer = raw.DeepClone();
        SchemaDefaults.Apply(byApiServer, CrdSchema());
        var fromServer = KubernetesJson.Deserialize<AssistantDeployment>(byApiServer.ToJsonString());

        Assert.Equal(KubernetesJson.Serialize(fromServer), KubernetesJson.Serialize(byOperator));
        // And the CRD's defaults are complete: no field exists only because a C# initializer filled it.
        var missing = new List<string>();
        CollectMissing(JsonNode.Parse(KubernetesJson.Serialize(byOperator))!, byApiServer, "", missing);
        Assert.Empty(missing);
    }

    private static V1JSONSchemaProps CrdSchema()
    {
        var output = new StringWriter();
        OperatorCommandLine.Run(["crd"], output, new StringWriter());
        return Operator.Crd.CommittedCrd.Parse(output.ToString()).Spec.Versions[0].Schema.OpenAPIV3Schema;
    }

    private static void CollectMissing(JsonNode expected, JsonNode? actual, string path, List<string> missing)
    {
        if (expected is not JsonObject expectedObject)
        {
            return;
        }

        foreach (var (name, value) in expectedObject)
        {
            if (actual is not JsonObject actualObject || !actualObject.TryGetPropertyValue(name, out var child))
            {
                missing.Add($"{path}.{name}");
            }
            else if (value is not null)
            {
                CollectMissing(value, child, $"{path}.{name}", missing);
            }
        }
    }
}
