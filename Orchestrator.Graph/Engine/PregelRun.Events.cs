using System.Text.Json;

namespace Orchestrator.Graph.Engine;

/// <summary>Stream events in LangGraph's payload shapes; each is built only when its mode is requested.</summary>
internal sealed partial class PregelRun
{
    private void EmitStep(TaskOutcome[] outcomes)
    {
        if (_sink is null)
        {
            return;
        }

        if (_sink.Wants(StreamMode.Updates))
        {
            foreach (var outcome in outcomes)
            {
                _sink.Emit(StreamMode.Updates, JsonBuilder.Build((outcome, _graph), static (w, s) =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName(s.outcome.Task.Node.Name);
                    var any = false;
                    foreach (var (key, value) in s.outcome.Writes)
                    {
                        if (!s._graph.ChannelIndex.ContainsKey(key))
                        {
                            continue;
                        }

                        if (!any)
                        {
                            w.WriteStartObject();
                            any = true;
                        }

                        w.WritePropertyName(key);
                        value.WriteTo(w);
                    }

                    if (any)
                    {
                        w.WriteEndObject();
                    }
                    else
                    {
                        w.WriteNullValue();
                    }

                    w.WriteEndObject();
                }));
            }
        }

        _sink.Emit(StreamMode.Values, _sink.Wants(StreamMode.Values) ? Values() : default);
    }

    private void EmitInterrupts(List<Interrupt> interrupts)
    {
        if (_sink?.Wants(StreamMode.Updates) != true)
        {
            return;
        }

        _sink.Emit(StreamMode.Updates, JsonBuilder.Build(interrupts, static (w, list) =>
        {
            w.WriteStartObject();
            w.WriteStartArray(GraphConstants.InterruptWrite);
            foreach (var interrupt in list)
            {
                interrupt.ToJson().WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    private void EmitDebugTask(PregelTask task, int step)
    {
        if (_sink?.Wants(StreamMode.Debug) != true)
        {
            return;
        }

        _sink.Emit(StreamMode.Debug, JsonBuilder.Build((task, step), static (w, s) =>
        {
            WriteDebugHeader(w, "task", s.step);
            w.WriteStartObject("payload");
            w.WriteString("id", s.task.Id);
            w.WriteString("name", s.task.Node.Name);
            w.WritePropertyName("input");
            (s.task.IsPush ? s.task.Argument : JsonBuilder.Null).WriteTo(w);
            w.WriteStartArray("triggers");
            w.WriteStringValue(s.task.IsPush ? GraphConstants.TasksChannel : s.task.Node.Trigger);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    private void EmitDebugResult(TaskOutcome outcome, int step)
    {
        if (_sink?.Wants(StreamMode.Debug) != true)
        {
            return;
        }

        _sink.Emit(StreamMode.Debug, JsonBuilder.Build((outcome, step), static (w, s) =>
        {
            WriteDebugHeader(w, "task_result", s.step);
            w.WriteStartObject("payload");
            w.WriteString("id", s.outcome.Task.Id);
            w.WriteString("name", s.outcome.Task.Node.Name);
            if (s.outcome.Error is { } error)
            {
                w.WriteString("error", error.Message);
            }
            else
            {
                w.WriteNull("error");
            }

            w.WriteStartArray("result");
            foreach (var (key, value) in s.outcome.Writes)
            {
                if (!key.StartsWith(GraphConstants.BranchPrefix, StringComparison.Ordinal))
                {
                    w.WriteStartArray();
                    w.WriteStringValue(key);
                    value.WriteTo(w);
                    w.WriteEndArray();
                }
            }

            w.WriteEndArray();
            w.WriteStartArray("interrupts");
            foreach (var interrupt in s.outcome.Interrupts ?? [])
            {
                interrupt.ToJson().WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    private JsonElement DebugCheckpoint()
    {
        if (_sink?.Wants(StreamMode.Debug) != true)
        {
            return default;
        }

        var next = Plan(strict: false).Select(t => t.Node.Name).ToList();
        return JsonBuilder.Build((this, next), static (w, s) =>
        {
            WriteDebugHeader(w, "checkpoint", s.Item1.CurrentStep);
            w.WriteStartObject("payload");
            w.WriteStartObject("config");
            w.WriteStartObject("configurable");
            w.WriteString("thread_id", s.Item1._config.ThreadId);
            w.WriteString("checkpoint_ns", s.Item1._config.CheckpointNs);
            w.WriteString("checkpoint_id", s.Item1._checkpoint.Id);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WritePropertyName("values");
            s.Item1.Values().WriteTo(w);
            w.WritePropertyName("metadata");
            s.Item1._metadata!.WriteTo(w);
            w.WriteStartArray("next");
            foreach (var node in s.next)
            {
                w.WriteStringValue(node);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteDebugHeader(Utf8JsonWriter w, string type, int step)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteNumber("step", step);
    }
}
