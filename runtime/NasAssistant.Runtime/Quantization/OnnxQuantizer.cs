using Google.Protobuf;
using NasAssistant.Hosting.Files;
using Onnx;

namespace NasAssistant.Runtime.Quantization;

/// <summary>
/// INT8 dynamic quantization of an ONNX model: every <c>MatMul</c> (and suitable <c>Gemm</c>) whose B is a
/// constant FP32 [K, N] initializer gets symmetric int8 weights, and its activations are quantized to uint8 at
/// run time: row by row through ONNX Runtime's <c>com.microsoft</c> <c>MatMulIntegerToFloat</c> and a few standard
/// nodes (<see cref="PerRowProducts"/>), or for the whole tensor at once inside <c>DynamicQuantizeMatMul</c>
/// (<see cref="ActivationGranularity"/>); the weights are stored signed or unsigned as the CPU's kernels need
/// (<see cref="WeightEncoding"/>). Every <c>Gather</c> of a constant FP32 table (word embeddings) reads int8 rows with a
/// scale each instead (<see cref="RowQuantizedLookups"/>). Nodes named in <see cref="QuantizationOptions.ExcludedNodes"/>
/// (for a known model, the list its sensitivity sweep chose: <see cref="Fp32NodeLists"/>) stay FP32. Everything else
/// (node order, other initializers, metadata) is left as it was, and the same input and options always give the same bytes.
/// </summary>
internal static class OnnxQuantizer
{
    /// <summary>Domain of ONNX Runtime's contrib operators.</summary>
    public const string MicrosoftDomain = "com.microsoft";

    /// <summary>The contrib operator that replaces each FP32 product with per-tensor activations.</summary>
    public const string PerTensorOpType = "DynamicQuantizeMatMul";

    /// <summary>The contrib operator at the heart of each product with per-row activations.</summary>
    public const string PerRowOpType = "MatMulIntegerToFloat";

    /// <summary>Quantizes <paramref name="inputPath"/> into <paramref name="outputPath"/>, written atomically.</summary>
    /// <param name="inputPath">The FP32 ONNX model; never modified.</param>
    /// <param name="outputPath">Where the quantized model goes.</param>
    /// <param name="options">How to quantize.</param>
    /// <param name="overwrite">Whether an existing output (never the input itself) may be replaced.</param>
    /// <exception cref="QuantizationException">The input is not a quantizable ONNX model, or the paths are unsafe.</exception>
    /// <exception cref="IOException">The output cannot be written.</exception>
    public static QuantizationReport QuantizeFile(string inputPath, string outputPath, QuantizationOptions options, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(inputPath);
        ArgumentNullException.ThrowIfNull(outputPath);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(inputPath))
        {
            throw new QuantizationException($"{inputPath} does not exist");
        }

        if (AtomicFile.Canonical(inputPath) == AtomicFile.Canonical(outputPath))
        {
            throw new QuantizationException($"the output {outputPath} is the input file; the source model is never overwritten");
        }

        if (!overwrite && File.Exists(outputPath))
        {
            throw new QuantizationException($"{outputPath} already exists; remove it or choose another output");
        }

        var model = Load(inputPath);
        QuantizationReport report;
        try
        {
            report = Quantize(model, options);
        }
        catch (QuantizationException e)
        {
            throw new QuantizationException($"cannot quantize {inputPath}: {e.Message}", e);
        }

        (long Length, string Sha256) written;
        try
        {
            written = AtomicFile.Write(outputPath, model.WriteTo, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(outputPath))
        {
            throw new QuantizationException($"{outputPath} appeared while quantizing; it was left as it is");
        }

        return report with { BytesBefore = new FileInfo(inputPath).Length, BytesAfter = written.Length, OutputSha256 = written.Sha256 };
    }

    /// <summary>Parses an ONNX model file.</summary>
    /// <exception cref="QuantizationException">The file is not an ONNX model.</exception>
    public static ModelProto Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ModelProto model;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (stream.Length > int.MaxValue)
            {
                throw new QuantizationException(
                    $"{path} is larger than 2 GiB, which one protobuf message cannot hold; such models keep their weights in external data, which is not supported");
            }

            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new QuantizationException($"{path} is not an ONNX model: {e.Message}", e);
        }

        // Protobuf reads many byte strings as some message with unknown fields; a model has a graph and opsets.
        if (model.Graph is null || model.IrVersion <= 0 || model.OpsetImport.Count == 0)
        {
            throw new QuantizationException($"{path} is not an ONNX model: it has no graph, IR version or opset import");
        }

        return model;
    }

    /// <summary>Rewrites <paramref name="model"/> in place; nothing changes when it throws.</summary>
    /// <remarks>
    /// Per-row activations need opset 13 (per-axis QuantizeLinear); older models get per-tensor activations instead,
    /// which the report's <see cref="QuantizationReport.PerRowActivations"/> tells.
    /// </remarks>
    /// <exception cref="QuantizationException">External data, or no node that can be quantized.</exception>
    public static QuantizationReport Quantize(ModelProto model, QuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var graph = model.Graph ?? throw new QuantizationException("the model has no graph");
        RefuseExternalData(graph);
        var encoding = Int8Kernels.Resolve(options.WeightEncoding);
        var opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        var perRowOpset = options.Activations == ActivationGranularity.PerRow && opset >= PerRowProducts.MinimumOpset ? opset : (long?)null;
        var rewriter = new GraphRewriter(graph, options, encoding == WeightEncoding.Unsigned, perRowOpset);
        var report = rewriter.Run();
        if (!model.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        return report;
    }

    private static void RefuseExternalData(GraphProto graph)
    {
        foreach (var tensor in Tensors(graph))
        {
            if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
            {
                throw new QuantizationException(
                    $"tensor '{tensor.Name}' is stored in an external data file; models with external data are not supported "
                    + "(the quantized copy would point at files beside the source)");
            }
        }
    }

    private static IEnumerable<TensorProto> Tensors(GraphProto graph)
    {
        foreach (var tensor in graph.Initializer)
        {
            yield return tensor;
        }

        foreach (var sparse in graph.SparseInitializer)
        {
            if (sparse.Values is not null)
            {
                yield return sparse.Values;
            }
        }

        foreach (var node in graph.Node)
        {
            foreach (var attribute in node.Attribute)
            {
                if (attribute.T is not null)
                {
                    yield return attribute.T;
                }

                foreach (var tensor in attribute.Tensors)
                {
                    yield return tensor;
                }

                foreach (var subgraph in Subgraphs(attribute))
                {
                    foreach (var tensor in Tensors(subgraph))
                    {
                        yield return tensor;
                    }
                }
            }
        }
    }

    /// <summary>The subgraphs an attribute holds (If, Loop and Scan bodies).</summary>
    internal static IEnumerable<GraphProto> Subgraphs(AttributeProto attribute)
    {
        if (attribute.G is not null)
        {
            yield return attribute.G;
        }

        foreach (var graph in attribute.Graphs)
        {
            yield return graph;
        }
    }
}
