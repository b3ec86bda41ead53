using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Validation;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Operator.Tests.Resources;

/// <summary>
/// The seam between the operator and the runtime: every spec the operator accepts renders a runtime
/// configuration the runtime accepts, and a combination the runtime refuses is refused by the operator
/// first, so no pod is started only to crash-loop on its configuration.
/// </summary>
public sealed class RuntimeConfigAgreementTests
{
    /// <summary>Every AssistantDeployment of the examples (GitOps ones included) and of the render inputs.</summary>
    public static TheoryData<string, int> Documents()
    {
        var files = Directory.GetFiles(RepositoryFiles.Path("examples"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(RepositoryFiles.TestData("render"), "*.yaml"))
            .Order(StringComparer.Ordinal);
        var documents = new TheoryData<string, int>();
        foreach (var file in files)
        {
            var parsed = YamlDocuments.Parse(File.ReadAllText(file));
            for (var i = 0; i < parsed.Count; i++)
            {
                if (parsed[i]?["kind"]?.ToString() == AssistantDeployment.KindName)
                {
                    documents.Add(System.IO.Path.GetRelativePath(RepositoryFiles.Root, file), i);
                }
            }
        }

        return documents;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryAcceptedSpec_RendersAConfigurationTheRuntimeAccepts(string file, int document)
    {
        var yaml = File.ReadAllText(RepositoryFiles.Path(file));
        var validation = AssistantDeploymentValidator.Validate(YamlDocuments.Parse(yaml)[document]);
        Assert.True(validation.IsValid, string.Join("\n", validation.Errors));

        var rendered = ConfigMapBuilder.Build(validation.Resource!).Data[PodLayout.ConfigFileName];

        // What the runtime does with its mounted file at startup: parse, then RuntimeConfigValidator.
        var config = RuntimeConfigYaml.Parse(rendered, $"{file} document {document + 1}");
        Assert.Equal(RuntimeConfigBuilder.Build(validation.Resource!), config);
    }

    [Fact]
    public void Documents_CoverTheExamplesTheGitOpsAssistantAndEveryRenderInput()
    {
        var files = ((IEnumerable<object[]>)Documents()).Select(row => (string)row[0]).Distinct().ToList();
        Assert.Contains(System.IO.Path.Combine("examples", "minimal.yaml"), files);
        Assert.Contains(System.IO.Path.Combine("examples", "full.yaml"), files);
        Assert.Contains(System.IO.Path.Combine("examples", "gitops", "assistants", "family.yaml"), files);
        Assert.Equal(Directory.GetFiles(RepositoryFiles.TestData("render"), "*.yaml").Length, files.Count(f => f.StartsWith("tests", StringComparison.Ordinal)));
    }

    public static TheoryData<string, ModelSpec, string, string> RefusedByBoth() => new()
    {
        {
            "chat quantized to int8",
            new ModelSpec { Task = ModelTaskKind.Chat, Quantization = QuantizationKind.Int8, Source = new() { Volume = new() { Path = "phi" } }, Sha256 = new string('a', 64) },
            "spec.model.quantization",
            "model.quantization"
        },
        {
            "generic on the builtin model",
            new ModelSpec { Task = ModelTaskKind.Generic },
            "spec.model.task",
            "model.path"
        },
    };

    [Theory]
    [MemberData(nameof(RefusedByBoth))]
    public void ACombinationTheRuntimeRefuses_IsRefusedByTheOperator_AndNeverRendered(string name, ModelSpec model, string operatorField, string runtimeKey)
    {
        var resource = new AssistantDeployment
        {
            Metadata = new V1ObjectMeta { Name = "family", NamespaceProperty = "home" },
            Spec = new AssistantDeploymentSpec { Model = model },
        };

        Assert.Contains(AssistantDeploymentValidator.Validate(resource), e => e.Field == operatorField);
        Assert.Contains(RuntimeConfigValidator.Validate(RuntimeConfigBuilder.Build(resource)), e => e.StartsWith(runtimeKey + ":", StringComparison.Ordinal));
        var refused = Assert.Throws<InvalidOperationException>(() => ConfigMapBuilder.Build(resource));
        Assert.True(refused.Message.Contains(runtimeKey, StringComparison.Ordinal), $"{name}: {refused.Message}");
    }
}
