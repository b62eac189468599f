-- Endpoints a customer registered. The secret is the full `whsec_...` string: it is the HMAC key
-- (the contract signs with the whole string), so it must be stored readable; it is never logged
-- nor returned after creation/rotation.
CREATE TABLE webhook_endpoints (
    id                    UUID PRIMARY KEY,
    account_id            TEXT        NOT NULL,
    url                   TEXT        NOT NULL,
    description           TEXT,
    secret                TEXT        NOT NULL,
    events                TEXT[]      NOT NULL,
    enabled               BOOLEAN     NOT NULL DEFAULT TRUE,
    disabled_reason       TEXT CHECK (disabled_reason IN ('manual', 'consecutive_failures')),
    disabled_at           TIMESTAMPTZ,
    consecutive_failures  INT         NOT NULL DEFAULT 0,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT disabled_has_reason CHECK (enabled = (disabled_reason IS NULL))
);
CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id, created_at);

-- One delivery = one message to one endpoint; its id is the `webhook_delivery_id`, stable across
-- retries. The body is fixed when the delivery is created (only the signature is made per attempt).
-- Event-derived deliveries carry a dedupe key so a redelivered or duplicated event yields one row.
CREATE TABLE webhook_deliveries (
    id                UUID PRIMARY KEY,
    endpoint_id       UUID        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    account_id        TEXT        NOT NULL,
    event_type        TEXT        NOT NULL,
    generation_id     TEXT,
    origin            TEXT        NOT NULL CHECK (origin IN ('event', 'test', 'replay', 'queue')),
    dedupe_key        TEXT,
    data              TEXT        NOT NULL,
    body              TEXT        NOT NULL,
    status            TEXT        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempt_count     INT         NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ,
    last_status_code  INT,
    last_error        TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    completed_at      TIMESTAMPTZ,
    CONSTRAINT one_delivery_per_event UNIQUE (endpoint_id, dedupe_key),
    CONSTRAINT pending_is_scheduled CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);

-- Every HTTP attempt of a delivery (the delivery log).
CREATE TABLE webhook_attempts (
    delivery_id       UUID        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt           INT         NOT NULL,
    started_at        TIMESTAMPTZ NOT NULL,
    duration_ms       BIGINT      NOT NULL,
    status_code       INT,
    error             TEXT,
    response_excerpt  TEXT,
    PRIMARY KEY (delivery_id, attempt)
);

-- Events that matched a disabled endpoint: kept for the retention period (72 h) and sent, each as a
-- fresh delivery, when the customer asks to deliver queued events after re-enabling.
CREATE TABLE webhook_queue (
    id             UUID PRIMARY KEY,
    endpoint_id    UUID        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    account_id     TEXT        NOT NULL,
    event_type     TEXT        NOT NULL,
    generation_id  TEXT,
    dedupe_key     TEXT,
    data           TEXT        NOT NULL,
    status         TEXT        NOT NULL CHECK (status IN ('pending', 'delivered', 'expired')),
    queued_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ NOT NULL,
    delivered_at   TIMESTAMPTZ,
    delivery_id    UUID,
    CONSTRAINT one_queued_per_event UNIQUE (endpoint_id, dedupe_key)
);
CREATE INDEX webhook_queue_endpoint ON webhook_queue (endpoint_id, queued_at) WHERE status = 'pending';

-- First terminal event seen per generation: terminal is terminal, so a late conflicting terminal
-- event (failed after completed) produces no webhook.
CREATE TABLE webhook_generation_terminals (
    generation_id  TEXT PRIMARY KEY,
    event_type     TEXT        NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
