using System.Text;

namespace Orchestrator.AI.Bedrock.EventStream;

/// <summary>
/// Header names and values that recur in every ConverseStream frame, returned as shared strings
/// instead of decoding a new string per frame.
/// </summary>
internal static class KnownStrings
{
    // Grouped by UTF-8 length so a lookup compares against one or two candidates at most.
    private static readonly (byte[] Utf8, string Text)[][] ByLength = Build(
        ":event-type", ":content-type", ":message-type", ":exception-type", ":error-code", ":error-message",
        "event", "exception", "error", "application/json",
        "messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata");

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length < ByLength.Length)
        {
            foreach (var (bytes, text) in ByLength[utf8.Length])
            {
                if (utf8.SequenceEqual(bytes))
                {
                    return text;
                }
            }
        }

        return Encoding.UTF8.GetString(utf8);
    }

    private static (byte[] Utf8, string Text)[][] Build(params string[] values)
    {
        var encoded = values.Select(v => (Utf8: Encoding.UTF8.GetBytes(v), Text: v)).ToList();
        var table = new (byte[] Utf8, string Text)[encoded.Max(e => e.Utf8.Length) + 1][];
        for (var length = 0; length < table.Length; length++)
        {
            table[length] = encoded.Where(e => e.Utf8.Length == length).ToArray();
        }

        return table;
    }
}
