using System.Text;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;

namespace Orchestrator.Graph.Runs;

/// <summary>
/// The LangGraph API's <c>messages</c> stream mode: token chunks become <c>messages/metadata</c> (once per message)
/// and <c>messages/partial</c> events carrying the message accumulated so far. (<c>messages-tuple</c> keeps the raw
/// <c>[chunk, metadata]</c> pairs as <c>messages</c> events.)
/// </summary>
internal sealed class MessagePartials
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StringBuilder> _text = new(StringComparer.Ordinal);

    public void Add(RunEventLog log, GraphEvent e)
    {
        var chunk = e.Data[0];
        var id = chunk.GetProperty("id").GetString() ?? "";
        string text;
        bool first;
        lock (_gate)
        {
            first = !_text.TryGetValue(id, out var builder);
            if (builder is null)
            {
                builder = new StringBuilder();
                _text[id] = builder;
            }

            builder.Append(MessageJson.Text(chunk));
            text = builder.ToString();
        }

        if (first)
        {
            log.Add("messages/metadata", JsonBuilder.Build((id, e.Data[1]), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteStartObject(s.id);
                w.WritePropertyName("metadata");
                s.Item2.WriteTo(w);
                w.WriteEndObject();
                w.WriteEndObject();
            }));
        }

        log.Add("messages/partial", JsonBuilder.Build(MessageJson.Create("ai", text, id), static (w, message) =>
        {
            w.WriteStartArray();
            message.WriteTo(w);
            w.WriteEndArray();
        }));
    }
}
