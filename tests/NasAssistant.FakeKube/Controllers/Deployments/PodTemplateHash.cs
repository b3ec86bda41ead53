using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>
/// The <c>pod-template-hash</c> of a Deployment's template, which names its ReplicaSet and pods.
/// ComputeHash (pkg/controller/controller_utils.go) takes the FNV-32a hash of the template and encodes
/// its decimal digits with rand.SafeEncodeString. The real input is a deep print of the Go struct;
/// here it is the template's JSON with sorted keys, so equal templates hash alike and any change in
/// the template gives a new hash.
/// </summary>
internal static class PodTemplateHash
{
    // rand.SafeEncodeString's alphabet: no vowels, no look-alike characters.
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    public static string Compute(JsonNode? template)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteSorted(writer, template);
        }

        var hash = FnvOffset;
        foreach (var b in buffer.ToArray())
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }

        var digits = hash.ToString(CultureInfo.InvariantCulture);
        return string.Concat(digits.Select(c => Alphabet[c % Alphabet.Length]));
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
