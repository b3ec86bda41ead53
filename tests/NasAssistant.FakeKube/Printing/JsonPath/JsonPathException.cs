namespace NasAssistant.FakeKube.Printing.JsonPath;

/// <summary>A template that does not parse, or an evaluation error (client-go's jsonpath returns an error).</summary>
internal sealed class JsonPathException(string message) : Exception(message);
