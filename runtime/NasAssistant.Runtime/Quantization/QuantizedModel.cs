namespace NasAssistant.Runtime.Quantization;

/// <summary>A quantized model in the cache.</summary>
/// <param name="Path">The cached <c>&lt;source sha256&gt;.int8.v3.onnx</c> (or <c>.uint8.v3.onnx</c>) file.</param>
/// <param name="Sha256">SHA-256 of that file, lowercase hex, checked against its record.</param>
/// <param name="CacheHit">True when the file was already there and intact; false when this call quantized it.</param>
/// <param name="Recreated">True when a cached file was there but did not match its record (partial or corrupt) and was replaced.</param>
/// <param name="Report">What quantizing changed; null on a cache hit.</param>
internal sealed record QuantizedModel(string Path, string Sha256, bool CacheHit, bool Recreated, QuantizationReport? Report);
