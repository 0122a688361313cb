-- Runs of the LangGraph Server API: a queue that any replica claims with FOR UPDATE SKIP LOCKED.
CREATE TABLE IF NOT EXISTS graph_runs (
    run_id             text        PRIMARY KEY,
    thread_id          text        NOT NULL REFERENCES graph_threads ON DELETE CASCADE,
    assistant_id       text        NOT NULL,
    status             text        NOT NULL,
    payload            jsonb       NOT NULL,
    metadata           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    multitask_strategy text        NOT NULL DEFAULT 'reject',
    claimed_by         text        NULL,
    heartbeat_at       timestamptz NULL,
    cancel_requested   text        NULL,
    result             jsonb       NULL,
    error              jsonb       NULL,
    attempt            integer     NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS graph_runs_pending ON graph_runs (created_at) WHERE status IN ('pending', 'running');
CREATE INDEX IF NOT EXISTS graph_runs_thread ON graph_runs (thread_id, created_at);
