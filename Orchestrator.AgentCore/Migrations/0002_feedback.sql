-- Each answer remembers its trace, so feedback can be checked against the caller's own answers and linked to the trace.
ALTER TABLE agentcore_messages ADD COLUMN IF NOT EXISTS trace_id text;
CREATE INDEX IF NOT EXISTS agentcore_messages_trace ON agentcore_messages (session_id, trace_id) WHERE trace_id IS NOT NULL;

-- User feedback is kept here first; forwarded_at is set once Langfuse accepted it as a score.
CREATE TABLE IF NOT EXISTS agentcore_feedback (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id   text        NOT NULL REFERENCES agentcore_sessions (id) ON DELETE CASCADE,
    owner        text        NOT NULL,
    trace_id     text        NOT NULL,
    positive     boolean     NOT NULL,
    comment      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    forwarded_at timestamptz
);
CREATE INDEX IF NOT EXISTS agentcore_feedback_session ON agentcore_feedback (session_id, id);
