using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Diagnostics;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Faults;
using NasAssistant.FakeKube.FieldManagement;
using NasAssistant.FakeKube.OpenApi;
using NasAssistant.FakeKube.Patching;
using NasAssistant.FakeKube.Printing;
using NasAssistant.FakeKube.Schema.BuiltIn;
using NasAssistant.FakeKube.Selectors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Api;

/// <summary>
/// Serves the Kubernetes REST API over the store: routing, verbs, subresources, patches, watches,
/// fault injection and the request log.
/// </summary>
internal sealed partial class KubeApiHandler
{
    private readonly ResourceStore _store;
    private readonly RequestLog _log;
    private readonly FaultInjector _faults;
    private readonly WatchStreamer _watches;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<string> _serverAddress;

    public KubeApiHandler(ResourceStore store, RequestLog log, FaultInjector faults, WatchStreamer watches, TimeProvider time, ILogger logger, Func<string> serverAddress)
    {
        _store = store;
        _log = log;
        _faults = faults;
        _watches = watches;
        _time = time;
        _logger = logger;
        _serverAddress = serverAddress;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        if (http.Request.Method == HttpMethods.Get && OpenApiEndpoint.Handles(path))
        {
            Record(http, "get", null, null, await OpenApiEndpoint.ServeAsync(http, _store.Registry), fault: false);
            return;
        }

        if (http.Request.Method == HttpMethods.Get && Discovery.For(path, _store.Registry, _serverAddress()) is { } document)
        {
            await WriteJsonAsync(http, 200, document);
            Record(http, "get", null, null, 200, fault: false);
            return;
        }

        var route = ApiRoute.Parse(path);
        var type = route is null ? null : _store.Registry.Find(route.Group, route.Version, route.Resource);
        if (route is null || type is null || (route.Namespace is not null && !type.Namespaced))
        {
            var notFound = new KubeApiException(404, "NotFound", "the server could not find the requested resource");
            await WriteErrorAsync(http, notFound);
            Record(http, http.Request.Method.ToLowerInvariant(), route, type, 404, fault: false);
            return;
        }

        var request = new RequestContext(http, route, type, VerbOf(http, route));
        if (_faults.LatencyFor(request.Verb) is { } latency && latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, http.RequestAborted);
        }

        if (_faults.Pick(request.Verb, type.QualifiedResource, route.Resource, route.Name) is { } fault)
        {
            LogInjectedFault(_logger, request.Verb, path, fault.Code);
            await WriteErrorAsync(http, fault);
            Record(http, request.Verb, route, type, fault.Code, fault: true);
            return;
        }

        int status;
        try
        {
            status = await DispatchAsync(request);
        }
        catch (KubeApiException e)
        {
            status = e.Code;
            if (!http.Response.HasStarted)
            {
                await WriteErrorAsync(http, e);
            }
        }
        catch (JsonException e)
        {
            status = 400;
            await WriteErrorAsync(http, KubeApiException.BadRequest($"the request body is not valid JSON: {e.Message}"));
        }
        catch (InvalidOperationException e) when (!http.Response.HasStarted)
        {
            // A field of the wrong JSON type (e.g. a numeric name) where the fake reads a string.
            status = 400;
            await WriteErrorAsync(http, KubeApiException.BadRequest($"the request body is not a valid object: {e.Message}"));
        }
        catch (Exception e) when (e is not OperationCanceledException && !http.Response.HasStarted)
        {
            // Answer like the real server's panic handler rather than dropping the connection.
            LogUnexpectedError(_logger, request.Verb, path, e);
            status = 500;
            await WriteErrorAsync(http, KubeApiException.Internal(e.Message));
        }

        Record(http, request.Verb, route, type, status, fault: false);
    }

    private static string VerbOf(HttpContext http, ApiRoute route) => http.Request.Method switch
    {
        "GET" when route.Name is null => http.Request.Query["watch"].ToString() is "true" or "1" ? "watch" : "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when route.Name is null => "deletecollection",
        "DELETE" => "delete",
        var other => other.ToLowerInvariant(),
    };

    private async Task<int> DispatchAsync(RequestContext request)
    {
        var route = request.Route;
        if (route.Subresource is not null && route.Subresource != "status" && !(route.Subresource == "scale" && request.Type.Scale is not null))
        {
            throw new KubeApiException(404, "NotFound", "the server could not find the requested resource");
        }

        if (route.Subresource == "status" && !request.Type.HasStatus)
        {
            throw new KubeApiException(404, "NotFound", "the server could not find the requested resource");
        }

        if (request.Type.Namespaced && route.Namespace is null && request.Verb is not ("list" or "watch"))
        {
            throw KubeApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }

        if (request.Query("dryRun") is { Length: > 0 })
        {
            throw KubeApiException.BadRequest("dryRun is not supported by this API server");
        }

        // The response's media type is settled before anything is read or written (NegotiateOutputMediaType).
        request = request with { Format = ResponseFormat.Negotiate(request.Http.Request) };

        switch (request.Verb)
        {
            case "watch":
                return await WatchAsync(request);
            case "list":
                return await ListAsync(request);
            case "get":
                var obj = _store.Get(request.Type, request.Namespace, request.Name);
                return await RespondAsync(request, 200, route.Subresource == "scale" ? ScaleSubresource.From(request.Type, obj) : obj, []);
            case "create" when route.Name is null && route.Subresource is null:
                {
                    var options = WriteOptionsOf(request);
                    var created = _store.Create(request.Type, request.Namespace, await ReadBodyAsync(request), options);
                    return await RespondAsync(request, 201, created, options.Warnings);
                }

            case "update":
                return await UpdateAsync(request, await ReadBodyAsync(request));
            case "patch":
                return await PatchAsync(request);
            case "delete" when route.Subresource is null:
                return await DeleteAsync(request);
            case "deletecollection" when route.Subresource is null:
                return await DeleteCollectionAsync(request);
            default:
                throw KubeApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private async Task<int> ListAsync(RequestContext request)
    {
        ListOptions.From(request, watch: false);
        var limit = int.TryParse(request.Query("limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : (int?)null;
        var result = _store.List(request.Type, request.Namespace, LabelSelector.Parse(request.Query("labelSelector")),
            FieldSelector.Parse(request.Query("fieldSelector")), limit, request.Query("continue"));
        var metadata = new JsonObject { ["resourceVersion"] = result.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (result.Continue is not null)
        {
            metadata["continue"] = result.Continue;
            metadata["remainingItemCount"] = result.RemainingItemCount;
        }

        var apiVersion = request.Type.ApiVersion(request.Route.Version);
        foreach (var item in result.Items)
        {
            item["apiVersion"] = apiVersion;
        }

        await WriteJsonAsync(request.Http, 200, request.Format.IsTable
            ? request.Table(result.Items, metadata, _time.GetUtcNow())
            : new JsonObject
            {
                ["apiVersion"] = apiVersion,
                ["kind"] = request.Type.ListKind,
                ["metadata"] = metadata,
                ["items"] = new JsonArray(result.Items.Select(i => (JsonNode?)i).ToArray()),
            });
        return 200;
    }

    private async Task<int> WatchAsync(RequestContext request)
    {
        var options = ListOptions.From(request, watch: true);
        if (request.Format.IsTable)
        {
            // Table options are checked before the stream opens (optionsForTransform in serveWatch).
            TableOptions.FromQuery(request.Query("includeObject"));
        }

        var start = new WatchStart(options.SendInitialEvents == true, options.AllowWatchBookmarks, ParseResourceVersion(options.ResourceVersion));
        WatchSubscription? subscription = null;
        KubeApiException? startError = null;
        try
        {
            subscription = _store.Watch(request.Type, request.Namespace, LabelSelector.Parse(request.Query("labelSelector")),
                FieldSelector.Parse(request.Query("fieldSelector")), start);
        }
        catch (KubeApiException e) when (e.Code == 410)
        {
            startError = e;
        }

        // Logged when the stream opens: a watch can outlive the test that reads the log.
        Record(request.Http, "watch", request.Route, request.Type, 200, fault: false);
        await _watches.StreamAsync(request, subscription, startError, options.AllowWatchBookmarks);
        return -1;
    }

    // "0" (any version) starts like no version at all.
    private static long? ParseResourceVersion(string resourceVersion) => resourceVersion switch
    {
        "" or "0" => null,
        _ when long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version) => version,
        _ => throw KubeApiException.BadRequest($"invalid resource version: {resourceVersion}"),
    };

    private async Task<int> UpdateAsync(RequestContext request, JsonObject body)
    {
        var options = WriteOptionsOf(request);
        JsonObject updated;
        if (request.Route.Subresource == "scale")
        {
            updated = _store.Update(request.Type, request.Namespace, request.Name, current => ScaleSubresource.Apply(request.Type, current, body), UpdateMode.Main, options);
            return await RespondAsync(request, 200, ScaleSubresource.From(request.Type, updated), options.Warnings);
        }

        var mode = request.Route.Subresource == "status" ? UpdateMode.Status : UpdateMode.Main;
        updated = _store.Update(request.Type, request.Namespace, request.Name, _ => body, mode, options);
        return await RespondAsync(request, 200, updated, options.Warnings);
    }

    private async Task<int> PatchAsync(RequestContext request)
    {
        var contentType = (request.Http.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
        var accepted = request.Type.IsCustom ? PatchTypes.Custom : PatchTypes.BuiltIn;
        if (!accepted.Contains(contentType))
        {
            throw KubeApiException.UnsupportedMediaType(accepted);
        }

        if (contentType == PatchTypes.Apply)
        {
            return await ServerSideApplyAsync(request);
        }

        if (request.Query("force") is not null)
        {
            // ValidatePatchOptions
            throw KubeApiException.Invalid("PatchOptions", "meta.k8s.io", string.Empty, [FieldError.Forbidden("force", "may not be specified for non-apply patch")]);
        }

        var patch = await JsonNode.ParseAsync(request.Http.Request.Body, cancellationToken: request.Http.RequestAborted);
        Func<JsonObject, JsonObject> apply = contentType switch
        {
            PatchTypes.Json => target => JsonPatch.Apply(target, patch as JsonArray ?? throw KubeApiException.BadRequest("a json patch must be an array of operations")),
            PatchTypes.Merge => target => JsonMergePatch.Apply(target, patch) as JsonObject ?? throw KubeApiException.BadRequest("a merge patch must be an object"),
            _ => StrategicPatch(request, patch as JsonObject ?? throw KubeApiException.BadRequest("a strategic merge patch must be an object")),
        };

        var options = WriteOptionsOf(request);
        if (request.Route.Subresource == "scale")
        {
            var scaled = _store.Update(request.Type, request.Namespace, request.Name,
                current => ScaleSubresource.Apply(request.Type, current, apply(ScaleSubresource.From(request.Type, current))), UpdateMode.Main, options);
            return await RespondAsync(request, 200, ScaleSubresource.From(request.Type, scaled), options.Warnings);
        }

        var mode = request.Route.Subresource == "status" ? UpdateMode.Status : UpdateMode.Main;
        var updated = _store.Update(request.Type, request.Namespace, request.Name, apply, mode, options);
        return await RespondAsync(request, 200, updated, options.Warnings);
    }

    // applyPatcher: the body is YAML (JSON included); fieldManager is required; a missing object is created.
    private async Task<int> ServerSideApplyAsync(RequestContext request)
    {
        var manager = request.Query("fieldManager") ?? string.Empty;
        if (manager.Length == 0)
        {
            throw KubeApiException.Invalid("PatchOptions", "meta.k8s.io", string.Empty, [FieldError.Required("fieldManager", "is required for apply patch")]);
        }

        if (request.Route.Subresource == "scale")
        {
            throw KubeApiException.MethodNotAllowed("server-side apply of the scale subresource is not supported by this API server");
        }

        using var reader = new StreamReader(request.Http.Request.Body);
        var (config, duplicates) = YamlDocument.Read(await reader.ReadToEndAsync(request.Http.RequestAborted));
        var options = WriteOptionsOf(request);
        var mode = request.Route.Subresource == "status" ? UpdateMode.Status : UpdateMode.Main;
        // Repeated keys: once the apply succeeded, strict decoding refuses them and Warn (the default) reports them.
        var (applied, created) = _store.Apply(request.Type, request.Namespace, request.Name, request.Route.Version, config, manager, request.Flag("force"), mode, options, () =>
        {
            if (duplicates is not null && options.FieldValidation == "Strict")
            {
                throw KubeApiException.BadRequest($"error strict decoding YAML: {duplicates}");
            }
        });
        if (duplicates is not null && options.FieldValidation != "Ignore")
        {
            options.Warnings.Add(duplicates);
        }

        return await RespondAsync(request, created ? 201 : 200, applied, options.Warnings);
    }

    // The merge keys and strategies come from the schema of what is patched: the kind, or the Scale.
    private static Func<JsonObject, JsonObject> StrategicPatch(RequestContext request, JsonObject patch)
    {
        var schema = request.Route.Subresource == "scale"
            ? BuiltInSchemas.Structural.View(BuiltInSchemas.DefinitionOf("autoscaling", "v1", "Scale")!)
            : ResourceSchemas.For(request.Type, request.Route.Version);
        return target => StrategicMergePatch.Apply(target, patch, schema!.Value);
    }

    private async Task<int> DeleteAsync(RequestContext request)
    {
        var deleteRequest = await DeleteOptionsReader.ReadAsync(request);
        var (obj, removed) = _store.Delete(request.Type, request.Namespace, request.Name, deleteRequest);

        // finalizeDelete (registry/store.go): an immediate deletion answers with a Success Status unless the
        // registry returns deleted objects; a pending one (finalizers) answers with the object. A pending one
        // asked for with orphanDependents=false is 202 (endpoints/handlers/delete.go).
        if (removed && !request.Type.ReturnsDeletedObject)
        {
            return await RespondAsync(request, 200, SuccessStatus(request.Type, obj), []);
        }

        return await RespondAsync(request, !removed && deleteRequest.OrphanDependents == false ? 202 : 200, obj, []);
    }

    private async Task<int> DeleteCollectionAsync(RequestContext request)
    {
        var deleteRequest = await DeleteOptionsReader.ReadAsync(request);
        var items = _store.DeleteCollection(request.Type, request.Namespace, LabelSelector.Parse(request.Query("labelSelector")),
            FieldSelector.Parse(request.Query("fieldSelector")), deleteRequest);

        var metadata = new JsonObject { ["resourceVersion"] = _store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) };
        await WriteJsonAsync(request.Http, 200, request.Format.IsTable
            ? request.Table(items, metadata, _time.GetUtcNow())
            : new JsonObject
            {
                ["apiVersion"] = request.Type.ApiVersion(request.Route.Version),
                ["kind"] = request.Type.ListKind,
                ["metadata"] = metadata,
                ["items"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()),
            });
        return 200;
    }

    private static JsonObject SuccessStatus(ResourceType type, JsonObject obj) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject
        {
            ["name"] = Meta.Name(obj),
            ["group"] = type.Group,
            ["kind"] = type.Plural,
            ["uid"] = Meta.Uid(obj),
        },
    };

    private static WriteOptions WriteOptionsOf(RequestContext request)
    {
        var validation = request.Query("fieldValidation");
        if (validation is not (null or "" or "Ignore" or "Warn" or "Strict"))
        {
            throw KubeApiException.BadRequest($"fieldValidation must be one of Ignore, Warn or Strict, got {validation}");
        }

        var manager = request.Query("fieldManager") ?? string.Empty;
        if (FieldManagerName.Validate(manager) is { } error)
        {
            var options = request.Verb switch { "create" => "CreateOptions", "update" => "UpdateOptions", _ => "PatchOptions" };
            throw KubeApiException.Invalid(options, "meta.k8s.io", string.Empty, [error]);
        }

        return new WriteOptions(validation)
        {
            FieldManager = manager.Length > 0 ? manager : FieldManagerName.FromUserAgent(request.Http.Request.Headers.UserAgent.ToString()),
            Subresource = request.Route.Subresource ?? string.Empty,
            Patch = request.Verb == "patch",
        };
    }

    private static async Task<JsonObject> ReadBodyAsync(RequestContext request)
    {
        RequestBodyFormat.RequireJson(request.Http.Request);
        return await JsonNode.ParseAsync(request.Http.Request.Body, cancellationToken: request.Http.RequestAborted) as JsonObject
            ?? throw KubeApiException.BadRequest("the request body must be a JSON object");
    }

    private async Task<int> RespondAsync(RequestContext request, int status, JsonObject body, IReadOnlyList<string> warnings)
    {
        if (body["kind"]?.GetValue<string>() == request.Type.Kind)
        {
            body["apiVersion"] = request.Type.ApiVersion(request.Route.Version);
        }

        foreach (var warning in warnings)
        {
            request.Http.Response.Headers.Append("Warning", $"299 - {JsonSerializer.Serialize(warning)}");
        }

        // A Status (e.g. of an immediate deletion) is never converted (doTransformObject).
        var table = request.Format.IsTable && body["kind"]?.GetValue<string>() != "Status";
        var listMeta = new JsonObject { ["resourceVersion"] = Meta.String(body, "resourceVersion") };
        await WriteJsonAsync(request.Http, status, table ? request.Table([body], listMeta, _time.GetUtcNow()) : body);
        return status;
    }

    private static async Task WriteErrorAsync(HttpContext http, KubeApiException error)
    {
        if (error.RetryAfterSeconds is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        await WriteJsonAsync(http, error.Code, error.ToStatus());
    }

    private static async Task WriteJsonAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    private void Record(HttpContext http, string verb, ApiRoute? route, ResourceType? type, int status, bool fault)
    {
        if (status < 0)
        {
            return;
        }

        _log.Add(new RequestRecord(
            _time.GetUtcNow(),
            http.Request.Method,
            http.Request.Path.Value ?? string.Empty,
            http.Request.QueryString.Value ?? string.Empty,
            verb,
            type?.Group ?? route?.Group,
            route?.Resource,
            route?.Subresource,
            route?.Namespace,
            route?.Name,
            status,
            fault));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error serving {Verb} {Path}")]
    private static partial void LogUnexpectedError(ILogger logger, string verb, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Injected fault for {Verb} {Path}: {Code}")]
    private static partial void LogInjectedFault(ILogger logger, string verb, string path, int code);
}
