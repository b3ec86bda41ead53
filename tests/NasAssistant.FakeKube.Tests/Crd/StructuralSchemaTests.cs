using static NasAssistant.FakeKube.Tests.TestSupport.TestCrds;

namespace NasAssistant.FakeKube.Tests.Crd;

/// <summary>Structural schema rules (ValidateStructural and the per-node OpenAPI checks), with cases from apiextensions' validation tests.</summary>
public sealed class StructuralSchemaTests
{
    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}}}""")]
    [InlineData("""{"type":"object","properties":{"metadata":{"type":"object","properties":{"name":{"type":"string","maxLength":10}}}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"x-kubernetes-int-or-string":true,"allOf":[{"anyOf":[{"type":"integer"},{"type":"string"}]},{"pattern":"^[0-9]+%?$"}]}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"x-kubernetes-preserve-unknown-fields":true}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","additionalProperties":{"type":"string"}}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"anyOf":[{"required":["b"]},{"properties":{"b":{"minLength":2}}}]}}}""")]
    [InlineData("""{"type":"object","properties":{"e":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}}""")]
    [InlineData("""{"type":"object","properties":{"l":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}}""")]
    [InlineData("""{"type":"object","properties":{"s":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}}}}""")]
    public void Accepts_StructuralSchemas(string schema) => Assert.Empty(Problems(WithSchema(schema)));

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{}}}""", Root + ".properties[a].type: Required value: must not be empty for specified object fields")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","items":{}}}}""", Root + ".properties[a].items.type: Required value: must not be empty for specified array items")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array"}}}""", Root + ".properties[a].items: Required value: must be specified")]
    [InlineData("""{"properties":{"a":{"type":"string"}}}""", Root + ".type: Required value: must not be empty at the root")]
    [InlineData("""{"type":"string"}""", Root + ".type: Invalid value: \"string\": must be object at the root")]
    [InlineData("""{"type":"object","additionalProperties":{"type":"string"}}""", Root + ".additionalProperties: Forbidden: must not be used at the root")]
    [InlineData("""{"type":"object","properties":{"metadata":{"type":"object","description":"meta"}}}""", Root + ".properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified")]
    [InlineData("""{"type":"object","properties":{"metadata":{"type":"object","properties":{"labels":{"type":"object"}}}}}""", Root + ".properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified")]
    [InlineData("""{"type":"object","properties":{"metadata":{"type":"string"}}}""", Root + ".properties[metadata].type: Invalid value: \"string\": must be object")]
    [InlineData("""{"type":"object","properties":{"kind":{"type":"integer"}}}""", Root + ".properties[kind].type: Invalid value: \"integer\": must be string")]
    [InlineData("""{"type":"object","properties":{"e":{"type":"string","x-kubernetes-embedded-resource":true}}}""", Root + ".properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields\n" + Root + ".properties[e].type: Invalid value: \"string\": must be object if x-kubernetes-embedded-resource is true")]
    [InlineData("""{"type":"object","properties":{"e":{"type":"object","x-kubernetes-embedded-resource":true}}}""", Root + ".properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields")]
    [InlineData("""{"type":"object","properties":{"a":{"x-kubernetes-int-or-string":true,"x-kubernetes-preserve-unknown-fields":true}}}""", Root + ".properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","anyOf":[{"type":"string"}]}}}""", Root + ".properties[a].anyOf[0].type: Forbidden: must be empty to be structural")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","allOf":[{"properties":{"b":{"type":"string"}}}]}}}""", Root + ".properties[a].allOf[0].properties[b].type: Forbidden: must be empty to be structural")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","oneOf":[{"description":"x"}]}}}""", Root + ".properties[a].oneOf[0].description: Forbidden: must be empty to be structural")]
    [InlineData("""{"type":"object","anyOf":[{"properties":{"metadata":{"properties":{"name":{"maxLength":3}}}}}]}""", Root + ".anyOf[0].properties[metadata]: Forbidden: must not be specified in a nested context\n" + Root + ".properties[metadata]: Required value: because it is defined in " + Root + ".anyOf[0].properties[metadata]")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"allOf":[{"properties":{"b":{"minLength":1}}}]}""", Root + ".properties[b]: Required value: because it is defined in " + Root + ".allOf[0].properties[b]")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","pattern":"(abc"}}}""", Root + ".properties[a].pattern: Invalid value: \"(abc\": must be a valid regular expression, but isn't: error parsing regexp: missing closing ): `(abc`")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","pattern":"^a(?=b)"}}}""", Root + ".properties[a].pattern: Invalid value: \"^a(?=b)\": must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","pattern":"a**"}}}""", Root + ".properties[a].pattern: Invalid value: \"a**\": must be a valid regular expression, but isn't: error parsing regexp: invalid nested repetition operator: `**`")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","pattern":"(a)\\1"}}}""", Root + ".properties[a].pattern: Invalid value: \"(a)\\\\1\": must be a valid regular expression, but isn't: error parsing regexp: invalid escape sequence: `\\1`")]
    public void Refuses_NonStructuralSchemas(string schema, string problems) =>
        Assert.Equal(problems.Split('\n'), Problems(WithSchema(schema)));

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","uniqueItems":true,"items":{"type":"string"}}}}""", Root + ".properties[a].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"additionalProperties":{"type":"string"}}}}""", Root + ".properties[a].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"additionalProperties":false}}}""", Root + ".properties[a].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"null"}}}""", Root + ".properties[a].type: Unsupported value: \"null\": supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"\n" + Root + ".properties[a].type: Forbidden: type cannot be set to null, use nullable as an alternative")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","x-kubernetes-preserve-unknown-fields":false}}}""", Root + ".properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","x-kubernetes-list-type":"set"}}}""", Root + ".properties[a].type: Invalid value: \"string\": must be array if x-kubernetes-list-type is specified")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","items":{"type":"string"},"x-kubernetes-map-type":"atomic"}}}""", Root + ".properties[a].type: Invalid value: \"array\": must be object if x-kubernetes-map-type is specified")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"bag"}}}""", Root + ".properties[a].x-kubernetes-list-type: Unsupported value: \"bag\": supported values: \"atomic\", \"set\", \"map\"")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","x-kubernetes-list-type":"map","items":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}}""", Root + ".properties[a].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}}""", Root + ".properties[a].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["id"],"items":{"type":"object","properties":{"name":{"type":"string"}}}}}}""", Root + ".properties[a].x-kubernetes-list-map-keys: Invalid value: []string{\"id\"}: entries must all be names of item properties")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"}}}}}}""", Root + ".properties[a].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"string"}}}}""", Root + ".properties[a].items.type: Invalid value: \"string\": must be object if parent array's x-kubernetes-list-type is map")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"object","properties":{"b":{"type":"string"}}}}}}""", Root + ".properties[a].items.x-kubernetes-map-type: Invalid value: \"null\": must be atomic as item of a list with x-kubernetes-list-type=set")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string","nullable":true}}}}""", Root + ".properties[a].items.nullable: Forbidden: cannot be nullable when x-kubernetes-list-type is set")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","$ref":"#/x"}}}""", Root + ".properties[a].$ref: Forbidden: $ref is not supported")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"nullable":true}""", Root + ".nullable: Forbidden: nullable cannot be true at the root")]
    public void Refuses_WhatOpenApiSchemaChecksForbid(string schema, string problems) =>
        Assert.Equal(problems.Split('\n'), Problems(WithSchema(schema)));

    [Fact]
    public void Refuses_RootFieldsTheStatusSubresourceCannotKeep()
    {
        var crd = WithSchema("""{"type":"object","minProperties":1,"properties":{"status":{"type":"object"}}}""", ""","subresources":{"status":{}}""");
        var problem = Assert.Single(Problems(crd));
        Assert.StartsWith(Root + ": Invalid value: ", problem, StringComparison.Ordinal);
        Assert.EndsWith(": only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled", problem, StringComparison.Ordinal);
    }
}
