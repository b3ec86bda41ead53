using System.Globalization;

namespace NasAssistant.FakeKube.OpenApi;

/// <summary>
/// The operations published for a resource: read, list, create, replace, patch and delete, with the
/// parameters kubectl looks for (its field-validation check reads the PATCH operation's
/// <c>fieldValidation</c> query parameter).
/// </summary>
internal static class ResourceOperations
{
    private static readonly OperationParameter DryRun = new("dryRun", "query", "string",
        "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed");

    private static readonly OperationParameter FieldManager = new("fieldManager", "query", "string",
        "fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.");

    private static readonly OperationParameter FieldValidation = new("fieldValidation", "query", "string",
        "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present.");

    private static readonly OperationParameter Force = new("force", "query", "boolean",
        "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.");

    private static readonly OperationParameter LabelSelector = new("labelSelector", "query", "string",
        "A selector to restrict the list of returned objects by their labels. Defaults to everything.");

    private static readonly OperationParameter Watch = new("watch", "query", "boolean",
        "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.");

    private static readonly string[] PatchTypes = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    public static IEnumerable<ResourceOperation> For(PublishedResource resource)
    {
        var type = resource.Type;
        var collection = (type.Group.Length == 0 ? $"/api/{resource.Version}" : $"/apis/{type.Group}/{resource.Version}")
            + (type.Namespaced ? "/namespaces/{namespace}" : string.Empty) + "/" + type.Plural;
        var item = collection + "/{name}";
        var scope = type.Namespaced ? "Namespaced" : string.Empty;
        var idKind = OperationKind(resource) + scope + type.Kind;
        var pathParameters = new List<OperationParameter> { new("name", "path", "string", $"name of the {type.Kind}", Required: true) };
        if (type.Namespaced)
        {
            pathParameters.Add(new("namespace", "path", "string", "object name and auth scope, such as for teams and projects", Required: true));
        }

        var collectionParameters = pathParameters.Skip(1).ToList();
        var patchTypes = type.IsCustom ? PatchTypes.Where(t => t != "application/strategic-merge-patch+json").ToArray() : PatchTypes;

        yield return new(collection, "get", "list", "list" + idKind, $"list or watch objects of kind {type.Kind}",
            [.. collectionParameters, LabelSelector, Watch], [], null, resource.ListDefinition, resource);
        yield return new(collection, "post", "post", "create" + idKind, $"create a {type.Kind}",
            [.. collectionParameters, DryRun, FieldManager, FieldValidation], ["*/*"], resource.Definition, resource.Definition, resource);
        yield return new(item, "get", "get", "read" + idKind, $"read the specified {type.Kind}",
            pathParameters, [], null, resource.Definition, resource);
        yield return new(item, "put", "put", "replace" + idKind, $"replace the specified {type.Kind}",
            [.. pathParameters, DryRun, FieldManager, FieldValidation], ["*/*"], resource.Definition, resource.Definition, resource);
        yield return new(item, "patch", "patch", "patch" + idKind, $"partially update the specified {type.Kind}",
            [.. pathParameters, DryRun, FieldManager, FieldValidation, Force], patchTypes, OpenApiModel.PatchDefinition, resource.Definition, resource);
        yield return new(item, "delete", "delete", "delete" + idKind, $"delete a {type.Kind}",
            [.. pathParameters, DryRun], [], null, OpenApiModel.StatusDefinition, resource);
    }

    // e.g. AppsV1, CoreV1, NasassistantIoV1alpha1: the operation-id prefix the real server uses.
    private static string OperationKind(PublishedResource resource)
    {
        var group = resource.Type.Group.Length == 0 ? "core" : resource.Type.Group.Replace(".k8s.io", string.Empty, StringComparison.Ordinal);
        var parts = group.Split('.', '-').Append(resource.Version);
        return string.Concat(parts.Select(p => p.Length == 0 ? p : char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));
    }
}
