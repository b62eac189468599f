-- Accounts of this region. Billing fields mirror what /v1/user/billing shows; credits live in the ledger.
CREATE TABLE accounts (
    account_id                   UUID PRIMARY KEY,
    account_name                 TEXT        NOT NULL,
    account_email                TEXT,
    account_is_personal          BOOLEAN     NOT NULL DEFAULT false,
    account_picture_url          TEXT,
    region                       TEXT        NOT NULL,
    billing_plan                 TEXT        NOT NULL DEFAULT 'Free',
    billing_subscription_status  TEXT,
    billing_cancel_at_period_end BOOLEAN,
    billing_currency             TEXT,
    billing_period_starts_at     TIMESTAMPTZ,
    billing_period_ends_at       TIMESTAMPTZ,
    created_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- API keys: only the 9-character prefix and the SHA-256 of the full secret are stored.
-- The prefix is not unique (it is a lookup hint); the hash is.
CREATE TABLE api_keys (
    key_id         UUID PRIMARY KEY,
    account_id     UUID        NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    name           TEXT,
    prefix         TEXT        NOT NULL,
    secret_hash    BYTEA       NOT NULL UNIQUE,
    preset         TEXT        NOT NULL,
    scopes         TEXT[]      NOT NULL,
    region         TEXT        NOT NULL,
    ip_allowlist   TEXT[],
    status         TEXT        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'rotated', 'revoked')),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ,
    revoked_at     TIMESTAMPTZ,
    rotated_at     TIMESTAMPTZ,
    grace_ends_at  TIMESTAMPTZ,
    replaced_by    UUID,
    last_used_at   TIMESTAMPTZ
);
CREATE INDEX api_keys_prefix ON api_keys (prefix);
CREATE INDEX api_keys_account ON api_keys (account_id, created_at DESC);

-- The read model of generations, fed by generation.events. Terminal states never change.
CREATE TABLE generations (
    generation_id          UUID PRIMARY KEY,
    account_id             UUID        NOT NULL,
    model_identifier       TEXT        NOT NULL,
    media_type             TEXT        NOT NULL,
    status                 TEXT        NOT NULL CHECK (status IN ('pending', 'processing', 'succeeded', 'failed', 'canceled')),
    provider_order         TEXT[]      NOT NULL,
    provider_order_fastest BOOLEAN     NOT NULL,
    provider_current       TEXT,
    provider_used          TEXT,
    prediction_id          TEXT,
    prompt                 TEXT        NOT NULL,
    ratio                  TEXT        NOT NULL,
    output_format          TEXT        NOT NULL,
    output_number          INT         NOT NULL,
    input_files            TEXT[],
    output_files           TEXT[],
    duration_seconds       INT,
    resolution             TEXT,
    generate_audio         BOOLEAN,
    extras                 TEXT,
    cost_micros            BIGINT      NOT NULL,
    error                  TEXT,
    error_code             TEXT,
    provider_cancel_sent   BOOLEAN,
    credits_refunded       BOOLEAN,
    removed                BOOLEAN     NOT NULL DEFAULT false,
    provider_submissions   INT         NOT NULL DEFAULT 0,
    created_at             TIMESTAMPTZ NOT NULL,
    started_at             TIMESTAMPTZ,
    completed_at           TIMESTAMPTZ,
    predict_time_seconds   DOUBLE PRECISION
);
CREATE INDEX generations_account_created ON generations (account_id, created_at DESC, generation_id DESC);
CREATE INDEX generations_in_flight ON generations (account_id) WHERE status IN ('pending', 'processing');

-- Local projection of the ledger's available balance (balance_after of the newest ledger event),
-- used only for the fast pre-check; the ledger stays the authority and rejects with BSE1004 itself.
CREATE TABLE balances (
    account_id        TEXT PRIMARY KEY,
    available_micros  BIGINT      NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Idempotency-Key records (24 h window, per account). `response_body` is null while in flight.
CREATE TABLE idempotency_keys (
    account_id       UUID        NOT NULL,
    idempotency_key  TEXT        NOT NULL,
    request_hash     TEXT        NOT NULL,
    generation_id    UUID,
    response_status  INT,
    response_body    TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Per-request log (no bodies): what /v1/logs and /v1/usage read.
CREATE TABLE request_log (
    id            BIGSERIAL PRIMARY KEY,
    request_id    TEXT        NOT NULL,
    account_id    UUID,
    key_id        UUID,
    key_prefix    TEXT,
    key_name      TEXT,
    method        TEXT        NOT NULL,
    endpoint      TEXT        NOT NULL,
    query         TEXT,
    status        INT         NOT NULL,
    error_code    TEXT,
    replayed      BOOLEAN     NOT NULL DEFAULT false,
    ip_hash       TEXT,
    user_agent    TEXT,
    duration_ms   DOUBLE PRECISION,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX request_log_account_created ON request_log (account_id, created_at DESC);
