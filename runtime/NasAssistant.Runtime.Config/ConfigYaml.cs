using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.TypeInspectors;

namespace NasAssistant.Runtime.Config;

/// <summary>
/// The YAML conventions of every config file the operator renders and a program parses (camelCase keys
/// and enums, nulls left out, unknown keys refused), and the parse-then-validate step they share.
/// </summary>
internal static class ConfigYaml
{
    // Parsing reflects over the config types; only the runtime and the gateway parse, and they are not trimmed.
    internal const string ParsingReflects = "YamlDotNet's deserializer reflects over the config types; programs that parse configs are JIT-compiled.";

    // The scalar styling of YamlDotNet's serializer (its own event emitter), so a scalar reads back as the same type.
    private static readonly TypeAssigningEventEmitter Scalars = new(
        new WriterEventEmitter(), new Dictionary<Type, TagName>(), quoteNecessaryStrings: false, quoteYaml1_1Strings: false,
        ScalarStyle.Any, YamlFormatter.Default, NullNamingConvention.Instance, new ScalarsOnly());

    /// <summary>
    /// Renders <paramref name="value"/> deterministically (declaration order, nulls omitted) from its JSON contract,
    /// as YAML with the events YamlDotNet's serializer emits for the same object: no reflection, so AOT programs can write.
    /// </summary>
    public static string Serialize<T>(T value, JsonTypeInfo<T> contract)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text, EmitterSettings.Default);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, JsonSerializer.SerializeToNode(value, contract));
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in obj)
                {
                    EmitScalar(emitter, key, typeof(string));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Any));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                EmitScalar(emitter, value.GetValue<bool>(), typeof(bool));
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                EmitScalar(emitter, value.GetValue<long>(), typeof(long));
                break;
            case JsonValue value:
                EmitScalar(emitter, value.GetValue<string>(), typeof(string));
                break;
            default:
                EmitScalar(emitter, null, typeof(object));
                break;
        }
    }

    private static void EmitScalar(IEmitter emitter, object? value, Type type) =>
        Scalars.Emit(new ScalarEventInfo(new ObjectDescriptor(value, type, type)), emitter);

    // Unknown keys are errors (no IgnoreUnmatchedProperties): a typo must stop startup, not be ignored.
    [RequiresUnreferencedCode(ParsingReflects)]
    [RequiresDynamicCode(ParsingReflects)]
    private static IDeserializer Deserializer() => new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Parses <paramref name="yaml"/> (empty: the defaults) and throws with every problem <paramref name="validate"/> finds.</summary>
    /// <exception cref="RuntimeConfigException">The YAML is malformed, has unknown keys or bad values.</exception>
    [RequiresUnreferencedCode(ParsingReflects)]
    [RequiresDynamicCode(ParsingReflects)]
    public static T Parse<T>(string yaml, string source, Func<T, IReadOnlyList<string>> validate)
        where T : class, new()
    {
        T config;
        try
        {
            config = Deserializer().Deserialize<T?>(yaml) ?? new T();
        }
        catch (YamlException e)
        {
            var detail = e.InnerException?.Message ?? e.Message;
            throw new RuntimeConfigException(
                $"{source}: line {e.Start.Line}, column {e.Start.Column}: {detail}", e);
        }

        var errors = validate(config);
        if (errors.Count > 0)
        {
            throw new RuntimeConfigException($"{source}: invalid configuration:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", errors));
        }

        return config;
    }

    // The emitter asks a type inspector only about enums and objects; the JSON tree hands it strings, numbers and booleans.
    private sealed class ScalarsOnly : TypeInspectorSkeleton
    {
        public override IEnumerable<IPropertyDescriptor> GetProperties(Type type, object? container) => throw Unexpected(type);

        public override string GetEnumName(Type enumType, string name) => throw Unexpected(enumType);

        public override string GetEnumValue(object enumValue) => throw Unexpected(enumValue.GetType());

        public override bool HasParseMethod(Type type) => false;

        public override object? Parse(string value, Type type) => throw Unexpected(type);

        private static NotSupportedException Unexpected(Type type) => new($"config YAML is written from JSON scalars, not {type}");
    }
}
