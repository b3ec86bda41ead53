using System.Buffers.Binary;
using System.Text;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>
/// Reads the ONNX <c>TensorProto</c> files of the ONNX backend test data (input_N.pb/output_N.pb):
/// just the fields those files use, straight from the protobuf wire format.
/// </summary>
public sealed record TensorProtoFile(string Name, int DataType, long[] Dims, object[] Values)
{
    public const int Float = 1, UInt8 = 2, Int8 = 3, UInt16 = 4, Int16 = 5, Int32 = 6, Int64 = 7, String = 8, Bool = 9,
        Float16 = 10, Double = 11, UInt32 = 12, UInt64 = 13, BFloat16 = 16;

    public static string KServeType(int dataType) => dataType switch
    {
        Float => "FP32",
        UInt8 => "UINT8",
        Int8 => "INT8",
        UInt16 => "UINT16",
        Int16 => "INT16",
        Int32 => "INT32",
        Int64 => "INT64",
        String => "BYTES",
        Bool => "BOOL",
        Float16 => "FP16",
        Double => "FP64",
        UInt32 => "UINT32",
        UInt64 => "UINT64",
        BFloat16 => "BF16",
        _ => throw new NotSupportedException($"TensorProto data type {dataType}"),
    };

    public static TensorProtoFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var reader = new Reader(bytes);
        string name = "";
        var dataType = 0;
        var dims = new List<long>();
        var varints = new List<ulong>();
        var floats = new List<float>();
        var doubles = new List<double>();
        var strings = new List<string>();
        byte[]? raw = null;
        while (!reader.End)
        {
            var key = reader.Varint();
            var field = (int)(key >> 3);
            var wire = (int)(key & 7);
            switch (field, wire)
            {
                case (1, 0): dims.Add((long)reader.Varint()); break;
                case (1, 2): foreach (var v in reader.PackedVarints()) { dims.Add((long)v); } break;
                case (2, 0): dataType = (int)reader.Varint(); break;
                case (4, 2): floats.AddRange(reader.PackedFixed(4).Select(b => BinaryPrimitives.ReadSingleLittleEndian(b))); break;
                case (4, 5): floats.Add(BinaryPrimitives.ReadSingleLittleEndian(reader.Fixed(4))); break;
                case (5 or 7 or 11, 2): varints.AddRange(reader.PackedVarints()); break;
                case (5 or 7 or 11, 0): varints.Add(reader.Varint()); break;
                case (6, 2): strings.Add(Encoding.UTF8.GetString(reader.LengthDelimited())); break;
                case (8, 2): name = Encoding.UTF8.GetString(reader.LengthDelimited()); break;
                case (9, 2): raw = reader.LengthDelimited().ToArray(); break;
                case (10, 2): doubles.AddRange(reader.PackedFixed(8).Select(b => BinaryPrimitives.ReadDoubleLittleEndian(b))); break;
                case (10, 1): doubles.Add(BinaryPrimitives.ReadDoubleLittleEndian(reader.Fixed(8))); break;
                default: reader.Skip(wire); break;
            }
        }

        var count = dims.Aggregate(1L, (a, d) => a * d);
        object[] values = raw is not null
            ? FromRaw(raw, dataType, count)
            : dataType switch
            {
                Float => floats.Cast<object>().ToArray(),
                Double => doubles.Cast<object>().ToArray(),
                String => strings.Cast<object>().ToArray(),
                Bool => varints.Select(v => (object)(v != 0)).ToArray(),
                Float16 => varints.Select(v => (object)(double)BitConverter.UInt16BitsToHalf((ushort)v)).ToArray(),
                UInt64 or UInt32 => varints.Select(v => (object)v).ToArray(),
                _ => varints.Select(v => (object)(long)v).ToArray(),
            };
        if (dataType is Int32 or Int8 or Int16 && raw is null)
        {
            // int32_data holds sign-extended varints for the narrow signed types.
            values = values.Select(v => (object)(long)(int)(long)v).ToArray();
        }

        return new TensorProtoFile(name, dataType, dims.ToArray(), values);
    }

    private static object[] FromRaw(byte[] raw, int dataType, long count)
    {
        var result = new object[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = dataType switch
            {
                Float => (double)BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * 4)),
                Double => BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(i * 8)),
                Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(raw.AsSpan(i * 2)),
                UInt8 => (long)raw[i],
                Int8 => (long)(sbyte)raw[i],
                UInt16 => (long)BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 2)),
                Int16 => (long)BinaryPrimitives.ReadInt16LittleEndian(raw.AsSpan(i * 2)),
                Int32 => (long)BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(i * 4)),
                Int64 => BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(i * 8)),
                UInt32 => (ulong)BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(i * 4)),
                UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(i * 8)),
                Bool => raw[i] != 0,
                _ => throw new NotSupportedException($"raw TensorProto data type {dataType}"),
            };
        }

        return result;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool End => _position >= _data.Length;

        public ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = _data[_position++];
                result |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }
        }

        public ReadOnlySpan<byte> LengthDelimited()
        {
            var length = (int)Varint();
            var slice = _data.Slice(_position, length);
            _position += length;
            return slice;
        }

        public ReadOnlySpan<byte> Fixed(int size)
        {
            var slice = _data.Slice(_position, size);
            _position += size;
            return slice;
        }

        public List<ulong> PackedVarints()
        {
            var inner = new Reader(LengthDelimited());
            var values = new List<ulong>();
            while (!inner.End)
            {
                values.Add(inner.Varint());
            }

            return values;
        }

        public List<byte[]> PackedFixed(int size)
        {
            var block = LengthDelimited();
            var values = new List<byte[]>(block.Length / size);
            for (var i = 0; i < block.Length; i += size)
            {
                values.Add(block.Slice(i, size).ToArray());
            }

            return values;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: _position += 8; break;
                case 2: LengthDelimited(); break;
                case 5: _position += 4; break;
                default: throw new InvalidDataException($"unsupported protobuf wire type {wire}");
            }
        }
    }
}
