using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Printing;

/// <summary>
/// metav1.TableOptions: what each row carries besides its cells (<c>includeObject</c>), and whether the
/// column definitions are left out (watch events after the first).
/// </summary>
internal sealed record TableOptions(string IncludeObject, bool NoHeaders)
{
    /// <summary>Reads and checks <c>includeObject</c> (optionsForTransform with ValidateTableOptions); 400 when invalid.</summary>
    public static TableOptions FromQuery(string? includeObject)
    {
        var value = includeObject ?? string.Empty;
        if (value is not ("" or "None" or "Metadata" or "Object"))
        {
            throw KubeApiException.BadRequest($"Unable to convert to Table as requested: includeObject: Invalid value: \"{value}\": must be 'Metadata', 'Object', 'None', or empty");
        }

        return new TableOptions(value, NoHeaders: false);
    }
}
