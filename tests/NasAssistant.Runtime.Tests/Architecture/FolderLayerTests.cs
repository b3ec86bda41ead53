using System.Reflection;
using System.Reflection.Emit;
using NasAssistant.Runtime.Storage;

namespace NasAssistant.Runtime.Tests.Architecture;

/// <summary>
/// The runtime's folders form layers: a folder may use the ones below it, never one that uses it back. A folder is its
/// top-level namespace (<c>Api</c> holds <c>Api.OpenAi</c>, <c>Api.KServe</c>, ...). The dependencies are read from the
/// compiled assembly (signatures and the IL of every method body, lambdas and async state machines included), so a
/// reference in any form counts.
/// </summary>
public sealed class FolderLayerTests
{
    private const string Root = "NasAssistant.Runtime.";

    private static readonly Assembly Runtime = typeof(ModelDigest).Assembly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Graph = new(BuildGraph);

    public static TheoryData<string> Folders => new(BuildGraph().Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_IsInNoDependencyCycle(string folder)
    {
        var cycle = CycleThrough(folder);

        Assert.True(cycle is null, $"dependency cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Scan_SeesDependenciesInMethodBodies()
    {
        // The commands reach the server only inside ServeCommand.RunAsync's async state machine.
        Assert.Contains("Hosting", Graph.Value["Commands"]);
    }

    [Theory]
    [InlineData("Commands", "Hosting")]
    [InlineData("Models", "Quantization")]
    [InlineData("Models", "Storage")]
    [InlineData("Quantization", "Storage")]
    public void KnownLayer_IsSeen(string upper, string lower)
    {
        Assert.Contains(lower, Graph.Value[upper]);
    }

    // The shortest path from start back to itself, or null.
    private static List<string>? CycleThrough(string start)
    {
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>(Graph.Value[start]);
        foreach (var next in Graph.Value[start])
        {
            previous[next] = start;
        }

        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (current == start)
            {
                var path = new List<string> { start };
                for (var at = previous[start]; at != start; at = previous[at])
                {
                    path.Insert(0, at);
                }

                path.Insert(0, start);
                return path;
            }

            foreach (var next in Graph.Value.GetValueOrDefault(current, []))
            {
                if (previous.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    private static Dictionary<string, HashSet<string>> BuildGraph()
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in Runtime.GetTypes())
        {
            if (!IsRuntime(type))
            {
                continue;
            }

            var folder = FolderOf(type);
            var uses = graph.TryGetValue(folder, out var set) ? set : graph[folder] = new(StringComparer.Ordinal);
            foreach (var used in References(type).SelectMany(Expand).Where(IsRuntime))
            {
                if (FolderOf(used) != folder)
                {
                    uses.Add(FolderOf(used));
                }
            }
        }

        return graph;
    }

    private static string FolderOf(Type type) => type.Namespace![Root.Length..].Split('.')[0];

    private static bool IsRuntime(Type type) => type.Assembly == Runtime && type.Namespace?.StartsWith(Root, StringComparison.Ordinal) == true;

    // A type with the types it is built from: generic arguments, array and by-ref elements.
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var element in Expand(type.GetElementType()!))
            {
                yield return element;
            }

            yield break;
        }

        if (type.IsGenericParameter)
        {
            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return argument;
            }
        }
    }

    private static IEnumerable<Type> References(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var face in type.GetInterfaces())
        {
            yield return face;
        }

        foreach (var field in type.GetFields(all))
        {
            yield return field.FieldType;
        }

        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }

            foreach (var used in BodyReferences(method))
            {
                yield return used;
            }
        }
    }

    // The types a method body names: locals, and the operands of its field, method, type and token instructions.
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            var value = (short)il[at++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[at++]);
            }

            var code = OpCodesByValue[value];
            if (code.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok)
            {
                var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                if (member is Type named)
                {
                    yield return named;
                }
                else if (member?.DeclaringType is { } owner)
                {
                    yield return owner;
                }
            }

            at += OperandSize(code, il, at);
        }
    }

    private static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
