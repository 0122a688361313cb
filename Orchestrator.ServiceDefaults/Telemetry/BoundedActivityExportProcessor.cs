using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using OpenTelemetry;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>
/// Batches finished spans to an exporter from a bounded queue. A span that finds the queue full is
/// dropped and counted (<c>orchestrator.telemetry.spans_dropped</c>): a slow or unreachable
/// backend costs spans, never request latency or unbounded memory.
/// </summary>
public sealed class BoundedActivityExportProcessor : BaseExportProcessor<Activity>
{
    private static readonly Meter Meter = new(TelemetryNames.Prefix + ".Telemetry");

    private readonly Channel<Activity> _queue;
    private readonly Counter<long> _dropped;
    private readonly KeyValuePair<string, object?> _destination;
    private readonly int _maxBatch;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;
    private long _droppedTotal;

    public BoundedActivityExportProcessor(BaseExporter<Activity> exporter, string destination, int maxQueueSize, int maxExportBatchSize, TimeSpan scheduledDelay)
        : base(exporter)
    {
        _queue = Channel.CreateBounded<Activity>(new BoundedChannelOptions(maxQueueSize)
        {
            // Wait mode with TryWrite only: a full queue makes TryWrite return false, which we count.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _dropped = Meter.CreateCounter<long>("orchestrator.telemetry.spans_dropped", "{span}", "Spans dropped because the export queue was full.");
        _destination = new("destination", destination);
        _maxBatch = maxExportBatchSize;
        _delay = scheduledDelay;
        _worker = Task.Run(ExportLoopAsync);
    }

    /// <summary>Spans dropped since start.</summary>
    public long DroppedCount => Interlocked.Read(ref _droppedTotal);

    /// <summary>Spans waiting for export now.</summary>
    public int QueuedCount => _queue.Reader.Count;

    protected override void OnExport(Activity data)
    {
        if (!_queue.Writer.TryWrite(data))
        {
            Interlocked.Increment(ref _droppedTotal);
            _dropped.Add(1, _destination);
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        ExportQueued();
        return true;
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        _worker.Wait(timeoutMilliseconds < 0 ? Timeout.Infinite : timeoutMilliseconds);
        ExportQueued();
        return exporter.Shutdown(timeoutMilliseconds);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task ExportLoopAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                // Let a batch gather unless it is already full.
                if (_queue.Reader.Count < _maxBatch)
                {
                    await Task.Delay(_delay, _stopping.Token);
                }

                ExportQueued();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private readonly Lock _exportGate = new();

    private void ExportQueued()
    {
        lock (_exportGate)
        {
            var buffer = new Activity[_maxBatch];
            while (true)
            {
                var count = 0;
                while (count < buffer.Length && _queue.Reader.TryRead(out var activity))
                {
                    buffer[count++] = activity;
                }

                if (count == 0)
                {
                    return;
                }

                // The OTLP exporter retries transient failures itself; a failed batch is not re-queued.
                exporter.Export(new Batch<Activity>(buffer, count));
            }
        }
    }
}
