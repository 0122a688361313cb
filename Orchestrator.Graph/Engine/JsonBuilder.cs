using System.Buffers;
using System.Text.Json;

namespace Orchestrator.Graph.Engine;

/// <summary>Builds immutable <see cref="JsonElement"/> values without reflection, reusing one buffer per thread.</summary>
public static class JsonBuilder
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The JSON <c>null</c> literal.</summary>
    public static JsonElement Null { get; } = Parse("null"u8);

    /// <summary>An empty JSON object.</summary>
    public static JsonElement EmptyObject { get; } = Parse("{}"u8);

    /// <summary>An empty JSON array.</summary>
    public static JsonElement EmptyArray { get; } = Parse("[]"u8);

    /// <summary>Writes a value with <paramref name="write"/> and returns it as a standalone element.</summary>
    public static JsonElement Build<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        // The writer and buffer are reused per thread; nested calls would corrupt them, so they fall back to fresh ones.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(512);
        var writer = t_writer;
        t_buffer = null;
        t_writer = null;
        try
        {
            buffer.ResetWrittenCount();
            if (writer is null)
            {
                writer = new Utf8JsonWriter(buffer);
            }
            else
            {
                writer.Reset(buffer);
            }

            write(writer, state);
            writer.Flush();
            return Parse(buffer.WrittenSpan);
        }
        finally
        {
            t_buffer = buffer;
            t_writer = writer;
        }
    }

    /// <summary>Parses UTF-8 JSON into a standalone element (the bytes are copied).</summary>
    public static JsonElement Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Parses JSON text into a standalone element.</summary>
    public static JsonElement Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    /// <summary>A JSON string value.</summary>
    public static JsonElement FromString(string value) => Build(value, static (w, v) => w.WriteStringValue(v));

    /// <summary>A JSON number value.</summary>
    public static JsonElement FromNumber(long value) => Build(value, static (w, v) => w.WriteNumberValue(v));

    /// <summary>Serializes a value with System.Text.Json (for callers' convenience; the engine itself never calls this).</summary>
    public static JsonElement From<T>(T value, JsonSerializerOptions? options = null) => JsonSerializer.SerializeToElement(value, options ?? JsonSerializerOptions.Web);

    /// <summary>The UTF-8 bytes of an element.</summary>
    public static byte[] ToUtf8(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Whether the element holds a value (not undefined and not null).</summary>
    public static bool HasValue(this JsonElement value) => value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
}
