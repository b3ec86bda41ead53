namespace NasAssistant.Operator.Hosting;

/// <summary>Console log output: one line of text per entry, or one JSON object per entry.</summary>
internal enum LogFormat
{
    Text,
    Json,
}
