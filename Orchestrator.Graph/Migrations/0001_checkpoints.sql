-- Threads and checkpoints of the graph engine (LangGraph's checkpoint layout).
CREATE TABLE IF NOT EXISTS graph_threads (
    thread_id  text        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    metadata   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status     text        NOT NULL DEFAULT 'idle'
);

-- One row per super-step; the body holds versions only, values live in graph_checkpoint_blobs.
CREATE TABLE IF NOT EXISTS graph_checkpoints (
    thread_id            text        NOT NULL REFERENCES graph_threads ON DELETE CASCADE,
    checkpoint_ns        text        NOT NULL DEFAULT '',
    checkpoint_id        text        NOT NULL,
    parent_checkpoint_id text        NULL,
    checkpoint           jsonb       NOT NULL,
    metadata             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
);

-- One value per (channel, version): a channel that did not change is not written again.
CREATE TABLE IF NOT EXISTS graph_checkpoint_blobs (
    thread_id     text   NOT NULL REFERENCES graph_threads ON DELETE CASCADE,
    checkpoint_ns text   NOT NULL DEFAULT '',
    channel       text   NOT NULL,
    version       bigint NOT NULL,
    type          text   NOT NULL,
    blob          bytea  NULL,
    PRIMARY KEY (thread_id, checkpoint_ns, channel, version)
);

-- Writes of finished, failed or interrupted tasks of the step that started from a checkpoint.
CREATE TABLE IF NOT EXISTS graph_checkpoint_writes (
    thread_id     text    NOT NULL REFERENCES graph_threads ON DELETE CASCADE,
    checkpoint_ns text    NOT NULL DEFAULT '',
    checkpoint_id text    NOT NULL,
    task_id       text    NOT NULL,
    idx           integer NOT NULL,
    channel       text    NOT NULL,
    type          text    NOT NULL,
    blob          bytea   NULL,
    PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
);
