namespace NasAssistant.FakeKube.OpenApi;

/// <summary>A path or query parameter of a <see cref="ResourceOperation"/>.</summary>
internal sealed record OperationParameter(string Name, string In, string Type, string Description, bool Required = false);
