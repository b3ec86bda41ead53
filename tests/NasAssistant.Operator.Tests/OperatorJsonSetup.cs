using System.Runtime.CompilerServices;

namespace NasAssistant.Operator.Tests;

/// <summary>
/// Installs the operator's JSON contracts before anything in this process serializes: KubernetesJson's options freeze at
/// their first use, and a test may serialize (through the fake API server) before it touches the operator.
/// </summary>
internal static class OperatorJsonSetup
{
    [ModuleInitializer]
    internal static void Install() => NasAssistant.Operator.Json.OperatorJson.Install(reflection: false);
}
