using NasAssistant.Hosting.Files;
using System.Text;

namespace NasAssistant.Runtime.Knowledge;

/// <summary>
/// The persisted index: for each document its size, write time, SHA-256 and embedded chunks, plus what
/// the vectors depend on (model digest, chunk settings), so a restart embeds only what changed.
/// </summary>
internal static class KnowledgeIndexFile
{
    private const uint Magic = 0x314B_534E; // "NSK1" little-endian
    private const int Version = 1;

    /// <summary>Reads an index; null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a readable index.</exception>
    public static KnowledgeIndexSnapshot? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadUInt32() != Magic || reader.ReadInt32() != Version)
            {
                throw new InvalidDataException($"{path} is not a knowledge index of version {Version}");
            }

            var modelSha256 = reader.ReadString();
            var chunkCharacters = reader.ReadInt32();
            var overlap = reader.ReadInt32();
            var documentCount = reader.ReadInt32();
            var documents = new List<IndexedDocument>(Math.Min(documentCount, 4096));
            for (var d = 0; d < documentCount; d++)
            {
                var source = reader.ReadString();
                var length = reader.ReadInt64();
                var ticks = reader.ReadInt64();
                var sha = reader.ReadString();
                var chunkCount = reader.ReadInt32();
                var chunks = new IndexedChunk[chunkCount];
                for (var c = 0; c < chunkCount; c++)
                {
                    var text = reader.ReadString();
                    var vector = new float[reader.ReadInt32()];
                    for (var i = 0; i < vector.Length; i++)
                    {
                        vector[i] = reader.ReadSingle();
                    }

                    chunks[c] = new IndexedChunk(source, c, text, vector);
                }

                documents.Add(new IndexedDocument(source, length, ticks, sha, chunks));
            }

            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"{path} has trailing bytes after its last document");
            }

            return new KnowledgeIndexSnapshot(modelSha256, chunkCharacters, overlap, documents);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentOutOfRangeException or OverflowException or DecoderFallbackException)
        {
            throw new InvalidDataException($"{path} is truncated or corrupt: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes the index atomically (<see cref="AtomicFile"/>): a crash leaves the old index or the new one, never a mix,
    /// and runtimes sharing the folder each write their own temporary file.
    /// </summary>
    public static void Write(string path, KnowledgeIndexSnapshot snapshot) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(snapshot.ModelSha256);
            writer.Write(snapshot.ChunkCharacters);
            writer.Write(snapshot.ChunkOverlapCharacters);
            writer.Write(snapshot.Documents.Count);
            foreach (var document in snapshot.Documents)
            {
                writer.Write(document.Source);
                writer.Write(document.Length);
                writer.Write(document.LastWriteTicks);
                writer.Write(document.Sha256);
                writer.Write(document.Chunks.Count);
                foreach (var chunk in document.Chunks)
                {
                    writer.Write(chunk.Text);
                    writer.Write(chunk.Vector.Length);
                    foreach (var value in chunk.Vector)
                    {
                        writer.Write(value);
                    }
                }
            }
        }, overwrite: true);
}
