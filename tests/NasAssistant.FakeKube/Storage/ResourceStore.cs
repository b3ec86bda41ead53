using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Admission;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.OpenApi;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Schema.BuiltIn;
using NasAssistant.FakeKube.Selectors;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// The object store behind the fake API server: objects as JSON keyed by resource, namespace and name,
/// one global resourceVersion counter, generation, finalizers, and the change feed that watches and the
/// simulated controllers (the garbage collector among them) read. Every mutation happens under one lock,
/// so each write gets a unique, increasing resourceVersion and watches see changes in order.
/// </summary>
/// <remarks>
/// Stored objects are frozen: a write always stores a fresh copy and nothing mutates a stored object,
/// so readers and watch streams can serialise them without holding the lock.
/// </remarks>
public sealed partial class ResourceStore
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly ResourceRegistry _registry;
    private readonly WatchHub _hub;
    private readonly CelRuleEvaluator _cel;
    private readonly TimeProvider _time;
    private readonly BuiltInAdmission _builtIns;
    private long _version;
    private long _clusterIps;

    internal ResourceStore(ResourceRegistry registry, WatchHub hub, CelRuleEvaluator cel, TimeProvider time)
    {
        _registry = registry;
        _hub = hub;
        _cel = cel;
        _time = time;
        _builtIns = new BuiltInAdmission(AllocateClusterIp, StorageClasses);
    }

    /// <summary>The newest resourceVersion handed out.</summary>
    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    internal ResourceRegistry Registry => _registry;

    /// <summary>Runs <paramref name="action"/> while holding the store lock (bookmarks need a consistent version).</summary>
    internal T Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            return action();
        }
    }

    internal JsonObject Get(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return Copy(Find(type, ns, name) ?? throw KubeApiException.NotFound(type.QualifiedResource, name));
        }
    }

    internal JsonObject? TryGet(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return Find(type, ns, name) is { } found ? Copy(found) : null;
        }
    }

    internal ListResult List(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, int? limit = null, string? continueToken = null)
    {
        lock (_gate)
        {
            var after = continueToken is { Length: > 0 } ? DecodeContinue(continueToken) : null;
            var matching = Bucket(type)
                .Where(p => after is null || string.CompareOrdinal(p.Key, after) > 0)
                .Where(p => ns is null || Meta.Namespace(p.Value) == ns)
                .Where(p => labels.Matches(Meta.Labels(p.Value)) && fields.Matches(p.Value))
                .ToList();
            if (limit is > 0 && matching.Count > limit)
            {
                var page = matching.Take(limit.Value).ToList();
                return new ListResult(page.Select(p => Copy(p.Value)).ToList(), _version, EncodeContinue(page[^1].Key), matching.Count - limit.Value);
            }

            return new ListResult(matching.Select(p => Copy(p.Value)).ToList(), _version, null, null);
        }
    }

    internal JsonObject Create(ResourceType type, string? ns, JsonObject body, WriteOptions options, bool keepStatus = false)
    {
        ObjectMetaCheck.Check(body);
        lock (_gate)
        {
            var obj = Copy(body);
            var meta = Meta.Of(obj);
            obj["apiVersion"] = ServedApiVersion(type, obj);
            obj["kind"] = type.Kind;
            var bodyNs = Meta.Namespace(obj);
            if (type.Namespaced)
            {
                if (ns is not null && bodyNs.Length > 0 && bodyNs != ns)
                {
                    throw KubeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                }

                meta["namespace"] = ns ?? (bodyNs.Length > 0 ? bodyNs : "default");
            }
            else
            {
                meta.Remove("namespace");
            }

            AdmitCreate(type, obj);
            var name = Meta.Name(obj);
            if (name.Length == 0)
            {
                var prefix = Meta.String(obj, "generateName");
                if (string.IsNullOrEmpty(prefix))
                {
                    throw KubeApiException.Invalid(type.Kind, type.Group, string.Empty, [FieldError.Required("metadata.name", "name or generateName is required")]);
                }

                do
                {
                    name = prefix + RandomSuffix();
                }
                while (Find(type, Meta.Namespace(obj), name) is not null);
                meta["name"] = name;
            }

            if (Find(type, Meta.Namespace(obj), name) is not null)
            {
                throw KubeApiException.AlreadyExists(type.QualifiedResource, name);
            }

            foreach (var field in new[] { "resourceVersion", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "selfLink" })
            {
                meta.Remove(field);
            }

            // Status is the controllers' business: the real server drops it on create for such kinds.
            if (type.HasStatus && !keepStatus)
            {
                obj.Remove("status");
            }

            Admit(type, obj, null, options);
            ManageFields(type, null, obj, obj, options);
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Now();
            meta["generation"] = 1;

            if (CustomResourceDefinitions.IsCrd(type))
            {
                var served = CustomResourceDefinitions.Parse(obj, null, _cel);
                obj["status"] = CustomResourceDefinitions.EstablishedStatus(obj, Now());
                _registry.Register(served);
            }

            return Copy(Commit(type, null, obj, WatchEvent.Added));
        }
    }

    internal JsonObject Update(ResourceType type, string? ns, string name, Func<JsonObject, JsonObject> produce, UpdateMode mode, WriteOptions options)
    {
        lock (_gate)
        {
            var current = Find(type, ns, name) ?? throw KubeApiException.NotFound(type.QualifiedResource, name);
            var proposed = produce(Copy(current));
            ObjectMetaCheck.Check(proposed);
            var proposedName = Meta.Name(proposed);
            if (proposedName.Length > 0 && proposedName != name)
            {
                throw KubeApiException.BadRequest($"the name of the object ({proposedName}) does not match the name on the URL ({name})");
            }

            var precondition = Meta.String(proposed, "resourceVersion");
            if (!string.IsNullOrEmpty(precondition) && precondition != Meta.String(current, "resourceVersion"))
            {
                throw KubeApiException.StaleObject(type.QualifiedResource, name);
            }

            JsonObject next;
            if (mode == UpdateMode.Status)
            {
                next = Copy(current);
                SetOrRemove(next, "status", proposed["status"]);
            }
            else
            {
                next = Copy(proposed);
                if (mode == UpdateMode.Main && type.HasStatus)
                {
                    SetOrRemove(next, "status", current["status"]);
                }

                if (mode == UpdateMode.Main)
                {
                    NamespaceStrategy.PrepareForUpdate(type, next, current);
                }

                // System-managed metadata cannot be changed by an update.
                var meta = Meta.Of(next);
                var currentMeta = Meta.Of(current);
                foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name" })
                {
                    SetOrRemove(meta, field, currentMeta[field]);
                }
            }

            next["apiVersion"] = ServedApiVersion(type, next);
            next["kind"] = type.Kind;
            Admit(type, next, current, options);
            ManageFields(type, current, next, proposed, options);
            if (ContentChanged(type, current, next))
            {
                Meta.Of(next)["generation"] = Meta.Generation(current) + 1;
            }

            Meta.Of(next)["resourceVersion"] = Meta.String(current, "resourceVersion");
            if (JsonNode.DeepEquals(next, current))
            {
                // Like the real server, a no-op update neither bumps resourceVersion nor notifies watchers.
                return Copy(current);
            }

            if (ShouldDeleteDuringUpdate(type, next, current))
            {
                // Like deleteWithoutFinalizers: one DELETED event, answered with the object as last stored.
                return Copy(Remove(type, current));
            }

            if (CustomResourceDefinitions.IsCrd(type))
            {
                var served = CustomResourceDefinitions.Parse(next, current, _cel);
                _registry.Register(served);
            }

            return Copy(Commit(type, current, next, WatchEvent.Modified));
        }
    }

    internal (JsonObject Object, bool Removed) Delete(ResourceType type, string? ns, string name, DeleteRequest request)
    {
        request.Validate();
        AdmitDelete(type, name);
        lock (_gate)
        {
            var current = Find(type, ns, name) ?? throw KubeApiException.NotFound(type.QualifiedResource, name);
            if (request.PreconditionUid is { Length: > 0 } uid && uid != Meta.Uid(current))
            {
                throw KubeApiException.Conflict(type.QualifiedResource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Meta.Uid(current)}");
            }

            if (request.PreconditionResourceVersion is { Length: > 0 } rv && rv != Meta.String(current, "resourceVersion"))
            {
                throw KubeApiException.Conflict(type.QualifiedResource, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {Meta.String(current, "resourceVersion")}");
            }

            return DeleteLocked(type, current, request);
        }
    }

    internal WatchSubscription Watch(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, WatchStart start)
    {
        var subscription = new WatchSubscription(
            _hub,
            t => t.QualifiedResource == type.QualifiedResource,
            o => (ns is null || Meta.Namespace(o) == ns) && labels.Matches(Meta.Labels(o)) && fields.Matches(o));
        lock (_gate)
        {
            if (start.InitialEvents && start.ResourceVersion > _version)
            {
                subscription.Dispose();
                throw KubeApiException.TooLargeResourceVersion(start.ResourceVersion.Value, _version);
            }

            if (start.InitialEvents)
            {
                // The current state as synthetic ADDED events; a watch-list ends them with a bookmark at the
                // version they reflect (cacher's watch with sendInitialEvents).
                foreach (var obj in Bucket(type).Values.Where(o => subscription.Matches(type, o)))
                {
                    subscription.Enqueue(new WatchEvent(WatchEvent.Added, ParseVersion(obj), type, obj, null));
                }

                if (start.InitialEventsEndBookmark)
                {
                    subscription.Enqueue(new WatchEvent(WatchEvent.Bookmark, _version, type, InitialEventsEnd(type), null));
                }
            }

            try
            {
                _hub.Subscribe(subscription, start.InitialEvents ? null : start.ResourceVersion, _version);
            }
            catch (KubeApiException)
            {
                subscription.Dispose();
                throw;
            }
        }

        return subscription;
    }

    // The bookmark object: an empty object of the kind with only the version and the annotation set.
    private JsonObject InitialEventsEnd(ResourceType type) => new()
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.PreferredApiVersion,
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture),
            ["annotations"] = new JsonObject { [WatchStart.InitialEventsEndAnnotation] = "true" },
        },
    };

    /// <summary>A never-dropped feed of every change to the selected kinds, starting with their current objects.</summary>
    internal WatchSubscription Observe(Func<ResourceType, bool> types)
    {
        var subscription = new WatchSubscription(_hub, types, _ => true) { Droppable = false };
        lock (_gate)
        {
            foreach (var type in _registry.All.Where(types))
            {
                foreach (var obj in Bucket(type).Values)
                {
                    subscription.Enqueue(new WatchEvent(WatchEvent.Added, ParseVersion(obj), type, obj, null));
                }
            }

            _hub.Subscribe(subscription, null, _version);
        }

        return subscription;
    }

    /// <summary>Forgets the watch history, so any watch from an older resourceVersion gets 410 Gone.</summary>
    public void CompactWatchHistory()
    {
        lock (_gate)
        {
            _hub.Compact(_version);
        }
    }

    private void Admit(ResourceType type, JsonObject obj, JsonObject? old, WriteOptions options)
    {
        if (!type.IsCustom)
        {
            _builtIns.Admit(type, obj, old, options);
        }

        var version = ApiVersionOf(obj);
        var schema = type.SchemaFor(version);

        // Built-in kinds lose what their Go type does not declare when decoded (UndeclaredFields).
        var unknown = schema?.Prune(obj) ?? (ResourceSchemas.For(type, version) is { } declared ? UndeclaredFields.Remove(obj, declared) : []);
        if (unknown.Count > 0)
        {
            switch (options.FieldValidation)
            {
                case "Strict":
                    var strict = "strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\""));
                    throw KubeApiException.BadRequest(type.IsCustom ? strict : $"{type.Kind} in version \"{version}\" cannot be handled as a {type.Kind}: {strict}");
                case "Ignore":
                    break;
                default:
                    options.Warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
                    break;
            }
        }

        if (schema is null)
        {
            return;
        }

        schema.Default(obj);
        var errors = schema.Validate(obj, old);
        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid(type.Kind, type.Group, Meta.Name(obj), errors);
        }
    }

    // Generation tracks the desired state: every top-level field except metadata (and status when the
    // kind has a status subresource). For spec-bearing kinds that is the spec; for ConfigMap/Secret the data.
    private static bool ContentChanged(ResourceType type, JsonObject before, JsonObject after)
    {
        static bool Ignored(ResourceType type, string key) =>
            key is "metadata" or "apiVersion" or "kind" || (key == "status" && type.HasStatus);

        var keys = before.Select(p => p.Key).Concat(after.Select(p => p.Key)).Distinct(StringComparer.Ordinal);
        return keys.Where(k => !Ignored(type, k)).Any(k => !JsonNode.DeepEquals(before[k], after[k]));
    }

    private JsonObject Commit(ResourceType type, JsonObject? previous, JsonObject obj, string eventType)
    {
        var version = ++_version;
        Meta.Of(obj)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        var frozen = Copy(obj);
        var key = Key(Meta.Namespace(frozen), Meta.Name(frozen));
        Bucket(type)[key] = frozen;
        _hub.Publish(new WatchEvent(eventType, version, type, frozen, previous));
        return frozen;
    }

    private JsonObject? Find(ResourceType type, string? ns, string name) =>
        Bucket(type).GetValueOrDefault(Key(type.Namespaced ? ns ?? "default" : string.Empty, name));

    private SortedDictionary<string, JsonObject> Bucket(ResourceType type)
    {
        if (!_objects.TryGetValue(type.QualifiedResource, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[type.QualifiedResource] = bucket;
        }

        return bucket;
    }

    private List<(ResourceType Type, JsonObject Object)> AllObjects() =>
        _registry.All.SelectMany(t => Bucket(t).Values.Select(o => (t, o))).ToList();

    private static string Key(string ns, string name) => $"{ns}/{name}";

    private static JsonObject Copy(JsonObject obj) => (JsonObject)obj.DeepClone();

    private static void SetOrRemove(JsonObject obj, string field, JsonNode? value)
    {
        if (value is null)
        {
            obj.Remove(field);
        }
        else
        {
            obj[field] = value.DeepClone();
        }
    }

    private static string ServedApiVersion(ResourceType type, JsonObject obj)
    {
        var version = ApiVersionOf(obj);
        return type.Versions.Contains(version) ? type.ApiVersion(version) : type.PreferredApiVersion;
    }

    private static string ApiVersionOf(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? string.Empty;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
    }

    private static long ParseVersion(JsonObject obj) =>
        long.Parse(Meta.String(obj, "resourceVersion") ?? "0", CultureInfo.InvariantCulture);

    private string Now() => Meta.Timestamp(_time.GetUtcNow());

    private List<JsonObject> StorageClasses() =>
        _registry.Find("storage.k8s.io", "v1", "storageclasses") is { } type ? Bucket(type).Values.ToList() : [];

    private string AllocateClusterIp()
    {
        var n = ++_clusterIps;
        return $"10.96.{(n / 250) % 250}.{(n % 250) + 1}";
    }

    private static string RandomSuffix()
    {
        var chars = new char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)];
        }

        return new string(chars);
    }

    private static string EncodeContinue(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string DecodeContinue(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw KubeApiException.BadRequest("continue key is not valid: illegal base64 data");
        }
    }
}
