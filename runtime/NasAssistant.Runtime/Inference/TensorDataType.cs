namespace NasAssistant.Runtime.Inference;

/// <summary>Element types a tensor may carry over KServe v2.</summary>
internal enum TensorDataType
{
    /// <summary>KServe <c>BOOL</c>.</summary>
    Bool,

    /// <summary>KServe <c>UINT8</c>.</summary>
    UInt8,

    /// <summary>KServe <c>UINT16</c>.</summary>
    UInt16,

    /// <summary>KServe <c>UINT32</c>.</summary>
    UInt32,

    /// <summary>KServe <c>UINT64</c>.</summary>
    UInt64,

    /// <summary>KServe <c>INT8</c>.</summary>
    Int8,

    /// <summary>KServe <c>INT16</c>.</summary>
    Int16,

    /// <summary>KServe <c>INT32</c>.</summary>
    Int32,

    /// <summary>KServe <c>INT64</c>.</summary>
    Int64,

    /// <summary>KServe <c>FP16</c>.</summary>
    Fp16,

    /// <summary>KServe <c>BF16</c>.</summary>
    Bf16,

    /// <summary>KServe <c>FP32</c>.</summary>
    Fp32,

    /// <summary>KServe <c>FP64</c>.</summary>
    Fp64,

    /// <summary>KServe <c>BYTES</c> (UTF-8 strings).</summary>
    Bytes,
}
