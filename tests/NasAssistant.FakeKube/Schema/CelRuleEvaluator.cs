using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Cel;
using Google.Protobuf.Reflection;
using NasAssistant.FakeKube.Errors;

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

    /// <summary>Compiles a rule, returning an error message when it does not parse.</summary>
    public string? TryCompile(string expression)
    {
        try
        {
            Program(expression);
            return null;
        }
        catch (CelException e)
        {
            return e.Message;
        }
    }

    public FieldError? Evaluate(CelRule rule, JsonNode? self, JsonNode? oldSelf, bool hasOld, JsonObject schema, string path)
    {
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

        var field = rule.FieldPath is { Length: > 0 } fieldPath
            ? path + (fieldPath.StartsWith('.') || fieldPath.StartsWith('[') ? fieldPath : "." + fieldPath)
            : path;
        var typeName = $"\"{SchemaNode.Type(schema) ?? SchemaNode.JsonTypeName(self)}\"";
        object? result;
        try
        {
            result = Program(rule.Rule).Invoke(variables);
        }
        catch (Exception e) when (e is CelException or InvalidCastException or ArgumentException or KeyNotFoundException)
        {
            // Runtime failures (missing keys, unsupported functions) fail the object, as on the server.
            return FieldError.Invalid(field, typeName, $"{e.Message} evaluating rule: {rule.Rule}");
        }

        if (result is true)
        {
            return null;
        }

        if (result is not false)
        {
            // A missing field selected without has() yields a "no such field" marker rather than an error.
            return FieldError.Invalid(field, typeName, $"rule did not evaluate to a bool ({result}) evaluating rule: {rule.Rule}");
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

        return rule.Message is { Length: > 0 } message ? message : $"failed rule: {rule.Rule}";
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
