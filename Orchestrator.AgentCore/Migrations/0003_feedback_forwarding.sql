-- Feedback Langfuse did not take at once is sent again in the background; after a few failed attempts a row is left
-- alone (and stays visible here) so one Langfuse refuses for good cannot hold up the rest.
ALTER TABLE agentcore_feedback ADD COLUMN IF NOT EXISTS forward_attempts integer NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS agentcore_feedback_unforwarded ON agentcore_feedback (id) WHERE forwarded_at IS NULL;
