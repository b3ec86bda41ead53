namespace NasAssistant.Hosting.Kube;

/// <summary>The query of a list or watch: which objects, how many per page, from which version.</summary>
public sealed record ListOptions
{
    /// <summary>Only objects with these labels (<c>key=value,...</c>).</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Page size of a list (the API server's <c>limit</c>); 0 asks for all at once.</summary>
    public int Limit { get; init; }

    /// <summary>The previous page's continue token.</summary>
    public string? Continue { get; init; }

    /// <summary>Where a watch starts.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>How long the API server keeps a watch open before it ends it (0: its own default).</summary>
    public int TimeoutSeconds { get; init; }

    internal IEnumerable<(string Name, string Value)> Query()
    {
        if (!string.IsNullOrEmpty(LabelSelector))
        {
            yield return ("labelSelector", LabelSelector);
        }

        if (Limit > 0)
        {
            yield return ("limit", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(Continue))
        {
            yield return ("continue", Continue);
        }

        if (ResourceVersion is not null)
        {
            yield return ("resourceVersion", ResourceVersion);
        }

        if (TimeoutSeconds > 0)
        {
            yield return ("timeoutSeconds", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
