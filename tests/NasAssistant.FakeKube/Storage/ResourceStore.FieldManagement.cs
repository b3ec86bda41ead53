using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.FieldManagement;

namespace NasAssistant.FakeKube.Storage;

/// <summary>managedFields on every API write, and server-side apply.</summary>
public sealed partial class ResourceStore
{
    /// <summary>
    /// Server-side apply of <paramref name="config"/> by <paramref name="manager"/>: merges into the live
    /// object, or creates it when missing (the apply patcher's forceAllowCreate). <paramref name="afterMerge"/>
    /// runs once the merge succeeded, before anything is written, and may still refuse the request.
    /// </summary>
    internal (JsonObject Object, bool Created) Apply(ResourceType type, string? ns, string name, string version, JsonObject config, string manager, bool force, UpdateMode mode, WriteOptions options, Action afterMerge)
    {
        var applying = options with { IsApply = true };
        var fieldManager = FieldManager.For(type, version, options.Subresource, Now())
            ?? throw KubeApiException.Unknown($"no schema to apply {type.QualifiedResource} with");
        if (TryGet(type, ns, name) is null && options.Subresource.Length == 0)
        {
            var created = fieldManager.Apply(null, config, manager, force);
            afterMerge();

            // checkName: the applied object must be the one the URL names.
            if (Meta.Name(created) != name)
            {
                throw KubeApiException.BadRequest($"the name of the object ({Meta.Name(created)}) does not match the name on the URL ({name})");
            }

            return (Create(type, ns, created, applying), true);
        }

        return (Update(type, ns, name, current =>
        {
            var merged = fieldManager.Apply(current, config, manager, force);
            afterMerge();
            return merged;
        }, mode, applying), false);
    }

    /// <summary>
    /// A write a simulated controller makes through the API, e.g. the HPA controller scaling a Deployment:
    /// recorded in managedFields under <paramref name="manager"/> and <paramref name="subresource"/>.
    /// </summary>
    internal JsonObject Update(string apiVersion, string kind, string? ns, string name, Action<JsonObject> mutate, string manager, string subresource) =>
        Update(Resolve(apiVersion, kind), ns, name, current =>
        {
            mutate(current);
            return current;
        }, UpdateMode.Full, WriteOptions.Default with { FieldManager = manager, Subresource = subresource });

    // Records the write's manager in the object's managedFields (create: current is null); an apply
    // has computed them already, on the proposed object (which a status write keeps only the status of).
    private void ManageFields(ResourceType type, JsonObject? current, JsonObject next, JsonObject proposed, WriteOptions options)
    {
        var meta = Meta.Of(next);
        if (options.IsApply)
        {
            SetOrRemove(meta, "managedFields", proposed["metadata"]?["managedFields"]);
            return;
        }

        if (options.FieldManager is not { } manager)
        {
            // Direct store access is no API write: entries stay as they were (none on create).
            SetOrRemove(meta, "managedFields", current is null ? null : current["metadata"]?["managedFields"]);
            return;
        }

        var version = ApiVersionOf(next);
        var fieldManager = FieldManager.For(type, type.Versions.Contains(version) ? version : type.Versions[0], options.Subresource, Now());
        SetOrRemove(meta, "managedFields", fieldManager?.Update(current, next, manager));
    }
}
