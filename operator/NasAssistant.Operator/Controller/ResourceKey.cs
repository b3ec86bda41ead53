namespace NasAssistant.Operator.Controller;

/// <summary>Identifies one AssistantDeployment: the unit of work of the controller.</summary>
internal readonly record struct ResourceKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
