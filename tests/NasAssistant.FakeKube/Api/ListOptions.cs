using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Api;

/// <summary>
/// The list and watch query parameters that decide where a watch starts: resourceVersion,
/// resourceVersionMatch, sendInitialEvents, continue and allowWatchBookmarks (metainternalversion.ListOptions).
/// </summary>
internal sealed record ListOptions(bool Watch, string ResourceVersion, string ResourceVersionMatch, bool? SendInitialEvents, string Continue, bool AllowWatchBookmarks)
{
    public const string NotOlderThan = "NotOlderThan";
    public const string Exact = "Exact";

    /// <summary>Reads the options, applies SetListOptionsDefaults and checks them with ValidateListOptions.</summary>
    public static ListOptions From(RequestContext request, bool watch)
    {
        var options = new ListOptions(
            watch,
            request.Query("resourceVersion") ?? string.Empty,
            request.Query("resourceVersionMatch") ?? string.Empty,
            ParseBool(request.Query("sendInitialEvents")),
            request.Query("continue") ?? string.Empty,
            ParseBool(request.Query("allowWatchBookmarks")) == true).Defaulted();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid("ListOptions", "meta.k8s.io", string.Empty, errors);
        }

        return options;
    }

    /// <summary>
    /// SetListOptionsDefaults (apimachinery meta/internalversion) with the WatchList feature on, as in 1.35:
    /// a watch without a resourceVersion (or "0") is a watch-list that starts with the current objects.
    /// </summary>
    public ListOptions Defaulted() =>
        Watch && SendInitialEvents is null && ResourceVersionMatch.Length == 0 && ResourceVersion is "" or "0"
            ? this with { SendInitialEvents = true, ResourceVersionMatch = NotOlderThan }
            : this;

    /// <summary>ValidateListOptions (apimachinery pkg/apis/meta/internalversion/validation/validation.go).</summary>
    public IReadOnlyList<FieldError> Validate() => Watch ? ValidateWatch() : ValidateList();

    private List<FieldError> ValidateList()
    {
        var errors = new List<FieldError>();
        if (ResourceVersionMatch.Length > 0)
        {
            if (ResourceVersion.Length == 0)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }

            if (Continue.Length > 0)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }

            if (ResourceVersionMatch is not (Exact or NotOlderThan))
            {
                errors.Add(FieldError.NotSupported("resourceVersionMatch", FieldError.Render(ResourceVersionMatch), ["\"Exact\"", "\"NotOlderThan\"", "\"\""]));
            }

            if (ResourceVersionMatch == Exact && ResourceVersion == "0")
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }

        if (SendInitialEvents is not null)
        {
            errors.Add(FieldError.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }

        return errors;
    }

    private List<FieldError> ValidateWatch()
    {
        var errors = new List<FieldError>();
        if (SendInitialEvents is not null && ResourceVersionMatch != NotOlderThan)
        {
            errors.Add(FieldError.Forbidden("resourceVersionMatch", $"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
        }

        if (ResourceVersionMatch.Length > 0)
        {
            if (SendInitialEvents is null)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }

            if (ResourceVersionMatch != NotOlderThan)
            {
                errors.Add(FieldError.NotSupported("resourceVersionMatch", FieldError.Render(ResourceVersionMatch), ["\"NotOlderThan\""]));
            }

            if (Continue.Length > 0)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
        }

        return errors;
    }

    // Convert_Slice_string_To_Pointer_bool: "0" and "false" (any case) are false, any other value is true.
    private static bool? ParseBool(string? value) =>
        value is null ? null : !(value == "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase));
}
