-- AgentCore's conversation memory and API keys.
CREATE TABLE IF NOT EXISTS agentcore_sessions (
    id             text        PRIMARY KEY,
    owner          text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_active_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS agentcore_sessions_owner ON agentcore_sessions (owner, last_active_at DESC);

CREATE TABLE IF NOT EXISTS agentcore_messages (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id text        NOT NULL REFERENCES agentcore_sessions (id) ON DELETE CASCADE,
    owner      text        NOT NULL,
    role       text        NOT NULL CHECK (role IN ('user', 'assistant')),
    content    text        NOT NULL,
    route      text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS agentcore_messages_session ON agentcore_messages (session_id, id DESC);
CREATE INDEX IF NOT EXISTS agentcore_messages_owner ON agentcore_messages (owner, id DESC);

-- Only a SHA-256 of each key is kept; the key itself is shown once, when it is created.
CREATE TABLE IF NOT EXISTS agentcore_api_keys (
    id         text        PRIMARY KEY,
    owner      text        NOT NULL,
    key_hash   bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
