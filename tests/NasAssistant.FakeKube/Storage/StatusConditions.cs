using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// Sets one entry of <c>status.conditions</c> as the control plane's helpers do (SetCRDCondition,
/// the namespace deleter's updateConditions): lastTransitionTime moves only when the status does.
/// </summary>
internal static class StatusConditions
{
    public static void Set(JsonObject status, string type, string value, string reason, string message, string now)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);
        if (existing is null)
        {
            conditions.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = value,
                ["lastTransitionTime"] = now,
                ["reason"] = reason,
                ["message"] = message,
            });
            return;
        }

        if (existing["status"]?.GetValue<string>() != value)
        {
            existing["lastTransitionTime"] = now;
        }

        existing["status"] = value;
        existing["reason"] = reason;
        existing["message"] = message;
    }

    public static bool IsTrue(JsonObject obj, string type) =>
        obj["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => c["type"]?.GetValue<string>() == type && c["status"]?.GetValue<string>() == "True");
}
