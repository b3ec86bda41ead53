namespace NasAssistant.Runtime.Inference;

/// <summary>A model input or output as KServe metadata describes it; -1 marks a dynamic dimension.</summary>
internal sealed record TensorSpec(string Name, TensorDataType? DataType, long[] Shape)
{
    /// <summary>The KServe datatype name, or the ONNX kind when KServe cannot carry it.</summary>
    public string DataTypeName => DataType is { } type ? TensorDataTypes.Name(type) : "UNSUPPORTED";
}
