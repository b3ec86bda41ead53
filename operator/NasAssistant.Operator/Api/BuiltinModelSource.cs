namespace NasAssistant.Operator.Api;

/// <summary>Selects the model bundled in the runtime image; it has no settings.</summary>
public sealed class BuiltinModelSource
{
}
