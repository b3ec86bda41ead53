namespace NasAssistant.Operator.Cli;

/// <summary>Entry point: <c>run</c> (default), <c>render</c>, <c>crd</c>.</summary>
internal static class OperatorCommandLine
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        error.WriteLine("usage: operator [run|render -f FILE|crd]");
        return 2;
    }
}
