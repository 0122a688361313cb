-- The trace context of the request that created a run (its W3C traceparent, and the session and user it carried as
-- baggage), so that a run a worker claims later (queued, or taken over from a replica that died) continues that trace
-- instead of starting an anonymous one of its own.
ALTER TABLE graph_runs ADD COLUMN IF NOT EXISTS trace_parent text;
ALTER TABLE graph_runs ADD COLUMN IF NOT EXISTS trace_baggage text;
