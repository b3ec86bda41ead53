using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.OpenApi;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// Keeps <c>metadata.managedFields</c> on every write and runs server-side apply, as the real server's
/// default field manager chain does (managedfields/internal: NewDefaultFieldManager): decoding the
/// entries of the live or new object, skipping objects whose entries were cleared, tracking each
/// manager's fields (the "current-operation" swap and its time), capping update managers at ten,
/// stripping system metadata, and the structured merge itself (<see cref="Updater"/>).
/// </summary>
internal sealed class FieldManager
{
    private const int MaxUpdateManagers = 10;
    private static readonly ManagerKey CurrentOperation = new("current-operation", string.Empty, string.Empty, string.Empty);
    private static readonly FieldSet StripSet = SystemMetadata();

    private readonly ResourceType _type;
    private readonly string _version;
    private readonly SchemaView _schema;
    private readonly SmdType _smd;
    private readonly string _subresource;
    private readonly string _now;

    private FieldManager(ResourceType type, string version, SchemaView schema, string subresource, string now)
    {
        _type = type;
        _version = version;
        _schema = schema;
        _smd = SmdType.Of(schema);
        _subresource = subresource;
        _now = now;
    }

    private string ApiVersion => _type.ApiVersion(_version);

    /// <summary>The field manager of a resource and subresource; null when its schema is unknown.</summary>
    public static FieldManager? For(ResourceType type, string version, string subresource, string now) =>
        ResourceSchemas.For(type, version) is { } schema ? new FieldManager(type, version, schema, subresource, now) : null;

    /// <summary>
    /// A create, update or non-apply patch: the managedFields the written object gets (null: none).
    /// <paramref name="live"/> is null on create.
    /// </summary>
    public JsonArray? Update(JsonObject? live, JsonObject updated, string manager)
    {
        var managed = DecodeLiveOrNew(live, updated);
        if (managed.Fields.Count == 0 && live is not null)
        {
            // skipNonApplied: an object without entries is not tracked again until someone applies.
            return null;
        }

        try
        {
            UpdateCore(live ?? EmptyObject(), updated, managed, ManagerKey.ForUpdate(manager, ApiVersion, _subresource));
            CapUpdateManagers(managed);
            return ManagedFieldsCodec.Encode(managed);
        }
        catch (SchemaMismatchException)
        {
            // UpdateNoErrors: the live object's entries stay.
            return live?["metadata"]?["managedFields"]?.DeepClone() as JsonArray;
        }
    }

    /// <summary>A server-side apply of <paramref name="config"/>; <paramref name="live"/> is null when the object does not exist yet.</summary>
    public JsonObject Apply(JsonObject? live, JsonObject config, string manager, bool force)
    {
        // versionCheckManager: the applied object must be of the addressed kind and version.
        var gvk = GroupVersionKindOf(config);
        if (gvk != new GroupVersionKind(_type.Group, _version, _type.Kind))
        {
            throw KubeApiException.BadRequest($"invalid object type: {gvk}");
        }

        if (config["metadata"] is JsonObject configMeta && configMeta.ContainsKey("managedFields"))
        {
            throw KubeApiException.BadRequest("metadata.managedFields must be nil");
        }

        var liveObject = live ?? EmptyObject();
        ManagedFieldSets managed;
        try
        {
            managed = ManagedFieldsCodec.Decode(liveObject["metadata"]?["managedFields"]);
        }
        catch (FormatException e)
        {
            throw KubeApiException.Unknown($"failed to decode managed fields: {e.Message}");
        }

        var typedLive = Typed(liveObject);
        if (managed.Fields.Count == 0)
        {
            // skipNonApplied: what exists before the first apply belongs to "before-first-apply".
            UpdateCore(EmptyObject(), liveObject, managed, ManagerKey.ForUpdate("before-first-apply", ApiVersion, _subresource));
        }

        var key = ManagerKey.ForApply(manager, _subresource);
        if (TypedValueValidator.Validate(config, _smd, allowDuplicates: false) is { } invalid)
        {
            throw KubeApiException.Unknown($"failed to create typed patch object ({Meta.Namespace(config)}/{Meta.Name(config)}; {gvk}): {invalid}");
        }

        if (TypedValueValidator.Validate(typedLive, _smd, allowDuplicates: true) is { } invalidLive)
        {
            throw KubeApiException.Unknown($"failed to create typed live object ({Meta.Namespace(liveObject)}/{Meta.Name(liveObject)}; {gvk}): {invalidLive}");
        }

        JsonNode? merged;
        try
        {
            (merged, var fields) = new Updater(_smd, ResetFields()).Apply(typedLive!, config, ApiVersion, managed.Fields, key, force);
            Replace(managed, fields);
        }
        catch (ApplyConflicts conflicts)
        {
            throw conflicts.ToStatusError();
        }
        catch (SchemaMismatchException e)
        {
            throw KubeApiException.Unknown($"failed to merge config: {e.Message}");
        }

        StripMeta(managed, key);
        JsonObject result;
        if (merged is JsonObject changed)
        {
            managed.Times[key] = _now;
            GoZeroValues.Strip(changed, _type.IsCustom ? null : _schema);
            result = changed;
        }
        else
        {
            result = (JsonObject)liveObject.DeepClone();
        }

        SyncLastApplied(manager, live, config, result);
        Meta.Of(result)["managedFields"] = ManagedFieldsCodec.Encode(managed);
        return result;
    }

    // managedFieldsUpdater + stripMeta + structuredMerge.Update, with the "current-operation" swap.
    private void UpdateCore(JsonObject live, JsonObject updated, ManagedFieldSets managed, ManagerKey manager)
    {
        var oldTyped = Typed(live);
        var newTyped = Typed(updated);
        if (TypedValueValidator.Validate(newTyped, _smd, allowDuplicates: true) is { } error)
        {
            throw new SchemaMismatchException(error);
        }

        var fields = new Updater(_smd, ResetFields()).Update(oldTyped!, newTyped!, ApiVersion, managed.Fields, CurrentOperation);
        Replace(managed, fields);
        StripMeta(managed, CurrentOperation);
        if (managed.Fields.Remove(CurrentOperation, out var taken))
        {
            managed.Fields[manager] = managed.Fields.TryGetValue(manager, out var previous)
                ? taken with { Set = taken.Set.Union(previous.Set) }
                : taken;
            managed.Times[manager] = _now;
        }
    }

    // decodeLiveOrNew: subresources and undecodable or empty entries fall back to the live object's.
    private ManagedFieldSets DecodeLiveOrNew(JsonObject? live, JsonObject updated)
    {
        var requested = updated["metadata"]?["managedFields"];
        if (_subresource.Length == 0)
        {
            if (ManagedFieldsCodec.IsReset(requested))
            {
                return new ManagedFieldSets();
            }

            try
            {
                if (ManagedFieldsCodec.Decode(requested) is { Fields.Count: > 0 } fromRequest)
                {
                    return fromRequest;
                }
            }
            catch (FormatException)
            {
                // Fall back to the live object's entries, as a client unaware of managedFields would expect.
            }
        }

        try
        {
            return ManagedFieldsCodec.Decode(live?["metadata"]?["managedFields"]);
        }
        catch (FormatException)
        {
            return new ManagedFieldSets();
        }
    }

    // capManagersManager: the oldest update entries beyond ten merge into "ancient-changes" per version.
    private static void CapUpdateManagers(ManagedFieldSets managed)
    {
        var updaters = managed.Fields.Where(f => !f.Value.Applied).Select(f => f.Key).ToList();
        if (updaters.Count <= MaxUpdateManagers)
        {
            return;
        }

        updaters = [.. updaters.OrderBy(m => ManagedFieldsCodec.Seconds(managed.Times.GetValueOrDefault(m))).ThenBy(m => m.Identifier, StringComparer.Ordinal)];
        var firstOfVersion = new Dictionary<string, ManagerKey>(StringComparer.Ordinal);
        var length = updaters.Count;
        for (var i = 0; i < updaters.Count && length > MaxUpdateManagers; i++)
        {
            var manager = updaters[i];
            var set = managed.Fields[manager];
            var bucket = new ManagerKey("ancient-changes", ManagerKey.Update, set.ApiVersion, string.Empty);
            if (firstOfVersion.TryGetValue(set.ApiVersion, out var first))
            {
                if (!managed.Fields.TryGetValue(bucket, out var merged))
                {
                    merged = managed.Fields[first];
                    managed.Fields.Remove(first);
                }

                managed.Fields[bucket] = set with { Set = set.Set.Union(merged.Set) };
                managed.Fields.Remove(manager);
                managed.Times[bucket] = managed.Times.GetValueOrDefault(manager);
                length--;
            }
            else
            {
                firstOfVersion[set.ApiVersion] = manager;
            }
        }
    }

    // lastAppliedUpdater: kubectl's server-side apply keeps a client-side last-applied annotation current.
    private static void SyncLastApplied(string manager, JsonObject? live, JsonObject config, JsonObject result)
    {
        const string annotation = "kubectl.kubernetes.io/last-applied-configuration";
        if (manager != "kubectl" || live?["metadata"]?["annotations"]?[annotation] is not JsonValue { } existing || existing.ToString().Length == 0)
        {
            return;
        }

        var applied = (JsonObject)config.DeepClone();
        (applied["metadata"]?["annotations"] as JsonObject)?.Remove(annotation);
        if (result["metadata"]?["annotations"] is JsonObject annotations)
        {
            annotations[annotation] = applied.ToJsonString(Json.Compact);
        }
    }

    // stripMetaManager: what the server sets is never owned.
    private static FieldSet SystemMetadata()
    {
        var set = FieldSet.Of([PathElement.Field("apiVersion")], [PathElement.Field("kind")], [PathElement.Field("metadata")]);
        foreach (var field in new[] { "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion" })
        {
            set.Insert([PathElement.Field("metadata"), PathElement.Field(field)]);
        }

        return set;
    }

    private static void StripMeta(ManagedFieldSets managed, ManagerKey manager)
    {
        if (managed.Fields.TryGetValue(manager, out var set))
        {
            var stripped = set.Set.Difference(StripSet);
            if (stripped.IsEmpty)
            {
                managed.Fields.Remove(manager);
            }
            else
            {
                managed.Fields[manager] = set with { Set = stripped };
            }
        }
    }

    private static void Replace(ManagedFieldSets managed, Dictionary<ManagerKey, VersionedSet> fields)
    {
        managed.Fields.Clear();
        foreach (var (key, value) in fields)
        {
            managed.Fields[key] = value;
        }

        foreach (var key in managed.Times.Keys.Where(k => !fields.ContainsKey(k)).ToList())
        {
            managed.Times.Remove(key);
        }
    }

    // The object as the real server's field manager sees it: a typed Go value, without its entries.
    private JsonNode? Typed(JsonObject obj)
    {
        var typed = _type.IsCustom ? obj.DeepClone() : GoZeroValues.Fill(obj, _schema);
        (typed?["metadata"] as JsonObject)?.Remove("managedFields");
        return typed;
    }

    // objectCreater.New: the zero object of the kind (custom resources only know their kind).
    private JsonObject EmptyObject() =>
        _type.IsCustom ? new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = _type.Kind } : new JsonObject();

    private static GroupVersionKind GroupVersionKindOf(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var av) ? av : string.Empty;
        var slash = apiVersion.LastIndexOf('/');
        return new GroupVersionKind(slash < 0 ? string.Empty : apiVersion[..slash], slash < 0 ? apiVersion : apiVersion[(slash + 1)..],
            obj["kind"] is JsonValue k && k.TryGetValue<string>(out var kind) ? kind : string.Empty);
    }

    // The strategy's reset fields: status belongs to its subresource, the subresource owns nothing else.
    private FieldSet? ResetFields() => _subresource switch
    {
        "status" when _type.IsCustom => FieldSet.Of([PathElement.Field("spec")]),
        "status" => FieldSet.Of([PathElement.Field("spec")], [PathElement.Field("metadata"), PathElement.Field("labels")]),
        _ when _type.HasStatus => FieldSet.Of([PathElement.Field("status")]),
        _ => null,
    };
}
