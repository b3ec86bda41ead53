using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Cel;
using Google.Protobuf.Reflection;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema.Cel;
using NasAssistant.FakeKube.Schema.Cel.Syntax;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// Evaluates <c>x-kubernetes-validations</c> rules with the NuGet <c>Cel</c> library: <c>self</c> is the
/// node the rule sits on, <c>oldSelf</c> its previous value on updates. Errors are reported the way the
/// real server reports them (<c>field: Invalid value: "object": message</c>).
/// </summary>
/// <remarks>
/// <c>has()</c> is rewritten (see <see cref="CelPresenceRewriter"/>) because the library treats empty
/// values as absent. The library is dynamically typed and lacks the Kubernetes CEL extension libraries (quantity, url, ip,
/// cidr, format, sets, optional types, most string extensions; lowerAscii/upperAscii are added here), so
/// an unsupported function surfaces as an evaluation error on the object, not at CRD registration.
/// </remarks>
internal sealed class CelRuleEvaluator
{
    private readonly CelEnvironment _environment = CreateEnvironment();
    private readonly ConcurrentDictionary<string, CelProgramDelegate> _programs = new(StringComparer.Ordinal);
    private readonly Lock _compileGate = new();
    private readonly ConditionalWeakTable<JsonObject, ConcurrentDictionary<string, string?>> _compilations = new();

    public FieldError? Evaluate(CelRule rule, JsonNode? self, JsonNode? oldSelf, bool hasOld, JsonObject schema, string path)
    {
        var typeName = $"\"{SchemaNode.Type(schema) ?? SchemaNode.JsonTypeName(self)}\"";

        // A rule that does not type-check against its node fails every value (validateExpressions).
        if (CompileError(rule, schema) is { } compileError)
        {
            return FieldError.Invalid(path, typeName, $"rule compile error: {compileError}");
        }

        if (rule.IsTransitionRule && !hasOld)
        {
            return null;
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["self"] = CelValueConverter.ToCel(self, schema),
        };
        if (hasOld)
        {
            variables["oldSelf"] = CelValueConverter.ToCel(oldSelf, schema);
        }

        var field = rule.FieldPath is { Length: > 0 } fieldPath && SchemaFieldPath.Resolve(fieldPath, schema).Path is { Length: > 0 } normalized
            ? SchemaNode.Child(path, normalized)
            : path;
        object? result;
        try
        {
            result = Program(rule.Rule).Invoke(variables);
        }
        catch (Exception e) when (e is CelException or InvalidCastException or ArgumentException or KeyNotFoundException)
        {
            // Runtime failures (missing keys, unsupported functions) fail the object at the rule's node, as on the server.
            var cause = CelRuntimeError.Describe(FirstError(rule.Rule, e, variables));
            return FieldError.Invalid(path, typeName, cause == CelRuntimeError.NoSuchOverload
                ? $"'{cause}': call arguments did not match a supported operator, function or macro signature for rule: {ErrorString(rule)}"
                : $"{cause} evaluating rule: {ErrorString(rule)}");
        }

        if (result is true)
        {
            return null;
        }

        if (result is not false)
        {
            // A missing field selected without has() yields a "no such field" marker rather than an error.
            return FieldError.Invalid(path, typeName, $"rule did not evaluate to a bool ({result}) evaluating rule: {ErrorString(rule)}");
        }

        var message = Message(rule, variables);
        return rule.Reason switch
        {
            "FieldValueForbidden" => FieldError.Forbidden(field, message),
            "FieldValueRequired" => FieldError.Required(field, message),
            "FieldValueDuplicate" => FieldError.Duplicate(field, typeName),
            _ => FieldError.Invalid(field, typeName, message),
        };
    }

    private string Message(CelRule rule, Dictionary<string, object?> variables)
    {
        if (rule.MessageExpression is { Length: > 0 } expression)
        {
            try
            {
                if (Program(expression).Invoke(variables) is string { Length: > 0 } text)
                {
                    return text;
                }
            }
            catch (CelException)
            {
                // The real server falls back to message when messageExpression fails.
            }
        }

        return rule.Message is { Length: > 0 } message ? message.Trim() : $"failed rule: {ErrorString(rule)}";
    }

    // ruleErrorString (apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go): the message when there is one.
    private static string ErrorString(CelRule rule) => rule.Message is { Length: > 0 } message ? message.Trim() : rule.Rule.Trim();

    // Logical operators whose operands both failed: name the error cel-go would (see CelLogicalErrors).
    private Exception FirstError(string expression, Exception error, Dictionary<string, object?> variables)
    {
        if (!CelLogicalErrors.IsLogicalFailure(error) || CelAstBuilder.Parse(expression).Ast is not { } ast)
        {
            return error;
        }

        return CelLogicalErrors.First(ast, ast.Root, error, text =>
        {
            try
            {
                Program(text).Invoke(variables);
                return null;
            }
            catch (Exception e) when (e is CelException or InvalidCastException or ArgumentException or KeyNotFoundException)
            {
                return e;
            }
        });
    }

    private string? CompileError(CelRule rule, JsonObject schema)
    {
        var compiled = _compilations.GetOrCreateValue(schema);
        return compiled.GetOrAdd(rule.Rule, _ =>
            CelDeclType.FromSchema(schema, SchemaNode.Flag(schema, "x-kubernetes-embedded-resource"), CelTypeNames.SelfType()) is { } self
                ? CelRuleCompiler.Compile(rule, self).Error
                : null);
    }

    private CelProgramDelegate Program(string expression)
    {
        if (_programs.TryGetValue(expression, out var program))
        {
            return program;
        }

        // The environment is not documented as thread-safe for compilation; evaluation of a compiled
        // delegate is.
        lock (_compileGate)
        {
            program = _environment.Compile(CelPresenceRewriter.Rewrite(expression));
        }

        _programs[expression] = program;
        return program;
    }

    private static CelEnvironment CreateEnvironment()
    {
        var environment = new CelEnvironment(Array.Empty<FileDescriptor>(), string.Empty);
        environment.RegisterFunction(CelPresenceRewriter.FunctionName, [typeof(object), typeof(string)], args => CelPresenceRewriter.HasKey(args));
        environment.RegisterFunction("lowerAscii", [typeof(string)], args => ((string)args[0]!).ToLowerInvariant());
        environment.RegisterFunction("upperAscii", [typeof(string)], args => ((string)args[0]!).ToUpperInvariant());
        return environment;
    }
}
