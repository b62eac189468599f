-- One job per admitted generation. The job row is the unit of work: a router instance leases it
-- (lease_owner + lease_expires_at) while it drives the provider chain; when an instance dies its
-- leases expire and another instance claims the job with FOR UPDATE SKIP LOCKED and continues
-- from the persisted attempt (polling an existing prediction, never resubmitting it).
CREATE TABLE jobs (
    generation_id          TEXT PRIMARY KEY,
    account_id             TEXT        NOT NULL,
    model_identifier       TEXT        NOT NULL,
    media_type             TEXT        NOT NULL,
    parameters             TEXT        NOT NULL,
    provider_order         TEXT[]      NOT NULL,
    provider_order_fastest BOOLEAN     NOT NULL DEFAULT false,
    cost_micros            BIGINT      NOT NULL,
    state                  TEXT        NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'canceled')),
    -- position in provider_order of the current (or next) attempt
    provider_index         INT         NOT NULL DEFAULT 0,
    -- number of the current attempt (0 before the first submission)
    attempt                INT         NOT NULL DEFAULT 0,
    -- none: no attempt in flight; submitting: a submit was issued and its outcome is not recorded yet;
    -- running: the provider accepted it and prediction_id is known
    attempt_phase          TEXT        NOT NULL DEFAULT 'none' CHECK (attempt_phase IN ('none', 'submitting', 'running')),
    provider               TEXT,
    prediction_id          TEXT,
    attempt_started_at     TIMESTAMPTZ,
    started_at             TIMESTAMPTZ,
    completed_at           TIMESTAMPTZ,
    lease_owner            TEXT,
    lease_expires_at       TIMESTAMPTZ,
    -- a provider cancel must still be sent for prediction_id (set by a cancel of a running job)
    cancel_pending         BOOLEAN     NOT NULL DEFAULT false,
    output_files           TEXT[],
    error_code             TEXT,
    error_message          TEXT,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- The claim query scans only live jobs.
CREATE INDEX jobs_live ON jobs (created_at) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_lease_owner ON jobs (lease_owner) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_cancel_pending ON jobs (generation_id) WHERE cancel_pending;

-- Every provider attempt, with its outcome and timings (the audit trail behind attempt events).
CREATE TABLE attempts (
    generation_id   TEXT        NOT NULL REFERENCES jobs (generation_id) ON DELETE CASCADE,
    attempt         INT         NOT NULL,
    provider        TEXT        NOT NULL,
    prediction_id   TEXT,
    outcome         TEXT        NOT NULL CHECK (outcome IN ('submitting', 'running', 'succeeded', 'failed', 'canceled', 'abandoned')),
    error_code      TEXT,
    error_type      TEXT,
    error_message   TEXT,
    retryable       BOOLEAN,
    started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    accepted_at     TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    PRIMARY KEY (generation_id, attempt)
);

-- A cancel that arrived before its admission (or for a generation the ledger rejected): remembered
-- so a late admission is canceled at once instead of running.
CREATE TABLE early_cancels (
    generation_id  TEXT PRIMARY KEY,
    account_id     TEXT        NOT NULL,
    requested_at   TIMESTAMPTZ NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Output files held by the database store (the default until S3 custody is configured).
CREATE TABLE output_files (
    generation_id  TEXT        NOT NULL,
    file_index     INT         NOT NULL,
    extension      TEXT        NOT NULL,
    content_type   TEXT        NOT NULL,
    content        BYTEA       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (generation_id, file_index)
);
