using System.Text.Json;
using System.Text.Json.Serialization;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Runtime.Config;

/// <summary>
/// Source-generated contracts of the configuration files, with the YAML conventions of <see cref="ConfigYaml"/>:
/// camelCase keys and enums, nulls left out. Writing through them needs no reflection, so a Native AOT
/// program (the operator) renders configs with the same bytes as every other program.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [
        typeof(CamelCaseEnumConverter<ModelTask>),
        typeof(CamelCaseEnumConverter<ExecutionProviderKind>),
        typeof(CamelCaseEnumConverter<QuantizationMode>),
        typeof(CamelCaseEnumConverter<GraphOptimization>)])]
[JsonSerializable(typeof(RuntimeConfig))]
[JsonSerializable(typeof(GatewayConfig))]
[JsonSerializable(typeof(GatewayStatusReport))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;

/// <summary>An enum written as its camelCase name, as YAML's <c>CamelCaseNamingConvention</c> writes it.</summary>
internal sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
