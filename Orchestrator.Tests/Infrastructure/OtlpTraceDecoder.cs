using Google.Protobuf;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// Decodes the parts of an OTLP <c>ExportTraceServiceRequest</c> the tests read, field by field:
/// ResourceSpans(1) → Resource(1).attributes(1), ScopeSpans(2) → Span(2) with trace_id(1),
/// span_id(2), parent_span_id(4), name(5), start/end time(7, 8), attributes(9). Unknown fields are skipped, as any
/// protobuf reader must.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static IEnumerable<ReceivedSpan> Decode(byte[] payload)
    {
        var spans = new List<ReceivedSpan>();
        var input = new CodedInputStream(payload);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                DecodeResourceSpans(input.ReadBytes(), spans);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return spans;
    }

    private static void DecodeResourceSpans(ByteString bytes, List<ReceivedSpan> spans)
    {
        var input = bytes.CreateCodedInput();
        var serviceName = "";
        var scopes = new List<ByteString>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    serviceName = DecodeAttributes(input.ReadBytes(), fieldNumber: 1).GetValueOrDefault("service.name", "");
                    break;
                case 2:
                    scopes.Add(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        foreach (var scope in scopes)
        {
            var scopeInput = scope.CreateCodedInput();
            while ((tag = scopeInput.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == 2)
                {
                    spans.Add(DecodeSpan(scopeInput.ReadBytes(), serviceName));
                }
                else
                {
                    scopeInput.SkipLastField();
                }
            }
        }
    }

    private static ReceivedSpan DecodeSpan(ByteString bytes, string serviceName)
    {
        var input = bytes.CreateCodedInput();
        string traceId = "", spanId = "", parentSpanId = "", name = "";
        ulong start = 0, end = 0;
        var attributes = new Dictionary<string, string>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 2: spanId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 4: parentSpanId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 5: name = input.ReadString(); break;
                case 7: start = input.ReadFixed64(); break;
                case 8: end = input.ReadFixed64(); break;
                case 9:
                    foreach (var (key, value) in DecodeKeyValue(input.ReadBytes()))
                    {
                        attributes[key] = value;
                    }

                    break;
                default: input.SkipLastField(); break;
            }
        }

        return new ReceivedSpan(traceId, spanId, parentSpanId, name, serviceName, attributes, start, end);
    }

    // A Resource message: repeated KeyValue attributes at the given field number.
    private static Dictionary<string, string> DecodeAttributes(ByteString bytes, int fieldNumber)
    {
        var input = bytes.CreateCodedInput();
        var attributes = new Dictionary<string, string>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == fieldNumber)
            {
                foreach (var (key, value) in DecodeKeyValue(input.ReadBytes()))
                {
                    attributes[key] = value;
                }
            }
            else
            {
                input.SkipLastField();
            }
        }

        return attributes;
    }

    // KeyValue { string key = 1; AnyValue value = 2; } with AnyValue's string(1), bool(2), int(3), double(4),
    // and array(5) as ArrayValue { repeated AnyValue values = 1; }, read as its values joined by commas.
    private static IEnumerable<(string Key, string Value)> DecodeKeyValue(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string key = "", value = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                key = input.ReadString();
            }
            else if (WireFormat.GetTagFieldNumber(tag) == 2)
            {
                value = DecodeAnyValue(input.ReadBytes());
            }
            else
            {
                input.SkipLastField();
            }
        }

        yield return (key, value);
    }

    private static string DecodeAnyValue(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var tag = input.ReadTag();
        return WireFormat.GetTagFieldNumber(tag) switch
        {
            1 => input.ReadString(),
            2 => input.ReadBool() ? "true" : "false",
            3 => input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => input.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
            5 => string.Join(',', DecodeArray(input.ReadBytes())),
            _ => "",
        };
    }

    private static List<string> DecodeArray(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var values = new List<string>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                values.Add(DecodeAnyValue(input.ReadBytes()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return values;
    }
}
