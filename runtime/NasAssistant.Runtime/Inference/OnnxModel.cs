using Microsoft.ML.OnnxRuntime;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Inference;

/// <summary>An ONNX Runtime session with the model's tensor metadata; runs checked named tensors.</summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly Dictionary<string, TensorSpec> _inputsByName;
    private readonly HashSet<string> _outputNames;

    private OnnxModel(InferenceSession session)
    {
        _session = session;
        Inputs = session.InputNames.Select(n => Describe(n, session.InputMetadata[n])).ToArray();
        Outputs = session.OutputNames.Select(n => Describe(n, session.OutputMetadata[n])).ToArray();
        _inputsByName = Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        _outputNames = Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The model's inputs in declaration order.</summary>
    public IReadOnlyList<TensorSpec> Inputs { get; }

    /// <summary>The model's outputs in declaration order.</summary>
    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>The execution provider the session runs on: CPU or CUDA.</summary>
    public ExecutionProviderKind Provider { get; private init; }

    /// <summary>Why CUDA was asked for but the CPU is used; null when the provider is the one asked for.</summary>
    public string? ProviderFallback { get; private init; }

    /// <summary>Opens a model file on the CPU with intra-op threads set to <paramref name="threads"/>.</summary>
    public static OnnxModel Open(string path, int threads) => Open(path, new SessionSettings(threads));

    /// <summary>Opens a model file; a CUDA request that cannot be met falls back to the CPU and says why in <see cref="ProviderFallback"/>.</summary>
    public static OnnxModel Open(string path, SessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = settings.Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationPolicy.Choose(settings.Optimization, CpuFeatures.Current).Level switch
            {
                GraphOptimization.Disabled => GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
        };

        // Spinning worker threads would burn the CPU that Kestrel needs between batches on a small box.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        string? fallback = null;
        if (settings.Provider == ExecutionProviderKind.Cuda)
        {
            fallback = TryAddCuda(options);
        }

        return new OnnxModel(new InferenceSession(path, options))
        {
            Provider = fallback is null ? settings.Provider : ExecutionProviderKind.Cpu,
            ProviderFallback = fallback,
        };
    }

    // The CPU build of ONNX Runtime has no CUDA provider, and the CUDA build needs the driver and
    // CUDA libraries at run time; either way the session is still usable on the CPU.
    private static string? TryAddCuda(Microsoft.ML.OnnxRuntime.SessionOptions options)
    {
        try
        {
            options.AppendExecutionProvider_CUDA(0);
            return null;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            return e.Message.ReplaceLineEndings(" ").Trim();
        }
    }

    /// <summary>Checks names, datatypes and shapes against the model, naming the offending tensor.</summary>
    /// <exception cref="InvalidTensorException">A tensor does not fit the model.</exception>
    public void Validate(IReadOnlyList<NamedTensor> inputs, IReadOnlyList<string>? outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (!_inputsByName.TryGetValue(input.Name, out var spec))
            {
                throw new InvalidTensorException(
                    $"unknown input tensor '{input.Name}'; the model's inputs are {string.Join(", ", Inputs.Select(i => i.Name))}");
            }

            if (!seen.Add(input.Name))
            {
                throw new InvalidTensorException($"input tensor '{input.Name}' is given more than once");
            }

            if (spec.DataType != input.DataType)
            {
                throw new InvalidTensorException(
                    $"input tensor '{input.Name}' has datatype {TensorDataTypes.Name(input.DataType)}, the model expects {spec.DataTypeName}");
            }

            var fits = spec.Shape.Length == input.Shape.Length;
            for (var d = 0; fits && d < spec.Shape.Length; d++)
            {
                fits = spec.Shape[d] < 0 || spec.Shape[d] == input.Shape[d];
            }

            if (!fits)
            {
                throw new InvalidTensorException(
                    $"input tensor '{input.Name}' has shape [{string.Join(',', input.Shape)}], the model expects [{string.Join(',', spec.Shape)}] (-1: any size)");
            }
        }

        foreach (var spec in Inputs)
        {
            if (!seen.Contains(spec.Name))
            {
                throw new InvalidTensorException($"input tensor '{spec.Name}' is missing");
            }
        }

        foreach (var name in outputNames ?? [])
        {
            if (!_outputNames.Contains(name))
            {
                throw new InvalidTensorException(
                    $"unknown output tensor '{name}'; the model's outputs are {string.Join(", ", Outputs.Select(o => o.Name))}");
            }
        }
    }

    /// <summary>Runs the model on already validated inputs; all outputs when none are named.</summary>
    /// <exception cref="InvalidTensorException">The model refused the inputs as an invalid argument.</exception>
    /// <exception cref="OnnxRuntimeException">The model failed for another reason.</exception>
    public IReadOnlyList<NamedTensor> Run(IReadOnlyList<NamedTensor> inputs, IReadOnlyList<string>? outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var names = outputNames is { Count: > 0 } ? outputNames : Outputs.Select(o => o.Name).ToArray();
        var values = new List<OrtValue>(inputs.Count);
        try
        {
            foreach (var input in inputs)
            {
                values.Add(OrtValues.Create(input));
            }

            using var runOptions = new RunOptions();
            using var results = _session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), values, names.ToArray());
            var outputs = new NamedTensor[names.Count];
            for (var i = 0; i < names.Count; i++)
            {
                outputs[i] = OrtValues.Read(names[i], results[i]);
            }

            return outputs;
        }
        catch (OnnxRuntimeException e) when (OrtErrors.IsInvalidArgument(e))
        {
            // Inputs that pass the declared metadata can still be refused inside the graph (e.g. an index past a lookup table).
            throw new InvalidTensorException($"the model rejected the inputs: {e.Message}", e);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>Runs the model with caller-built values and returns the raw outputs; the caller disposes them.</summary>
    public IDisposableReadOnlyCollection<OrtValue> RunRaw(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames)
    {
        using var runOptions = new RunOptions();
        return _session.Run(runOptions, inputNames, inputs, outputNames);
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static TensorSpec Describe(string name, NodeMetadata metadata) =>
        new(
            name,
            metadata.IsTensor ? TensorDataTypes.FromOnnx(metadata.ElementDataType) : null,
            metadata.IsTensor ? metadata.Dimensions.Select(d => (long)d).ToArray() : []);
}
