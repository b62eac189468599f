-- Double-entry ledger. Every customer has four accounts:
--   available (spendable, never negative), held (reserved, never negative),
--   spent (settled revenue attributed to the customer), granted (source of grants; goes negative).
-- Keeping the system accounts per customer avoids global hot rows; the sum of every balance is zero.
CREATE TABLE ledger_accounts (
    id              TEXT PRIMARY KEY,
    account_id      TEXT   NOT NULL,
    kind            TEXT   NOT NULL CHECK (kind IN ('available', 'held', 'spent', 'granted')),
    balance_micros  BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT customer_balances_never_negative CHECK (kind NOT IN ('available', 'held', 'spent') OR balance_micros >= 0),
    CONSTRAINT one_account_per_kind UNIQUE (account_id, kind)
);

-- Immutable transfers. A reservation is a pending transfer; exactly one post or void resolves it
-- (unique pending_id). Ids are derived from the causing event, so redelivery is a no-op.
CREATE TABLE transfers (
    id                    UUID PRIMARY KEY,
    account_id            TEXT        NOT NULL,
    kind                  TEXT        NOT NULL CHECK (kind IN ('grant', 'reserve', 'post', 'void')),
    debit_account         TEXT        NOT NULL REFERENCES ledger_accounts (id),
    credit_account        TEXT        NOT NULL REFERENCES ledger_accounts (id),
    amount_micros         BIGINT      NOT NULL CHECK (amount_micros > 0),
    pending_id            UUID        REFERENCES transfers (id),
    generation_id         TEXT,
    model_identifier      TEXT,
    grant_key             TEXT,
    description           TEXT,
    reason                TEXT,
    available_after       BIGINT      NOT NULL,
    expires_at            TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT resolves_once UNIQUE (pending_id),
    CONSTRAINT pending_fields CHECK ((kind IN ('post', 'void')) = (pending_id IS NOT NULL))
);
CREATE UNIQUE INDEX transfers_one_reserve_per_generation ON transfers (generation_id) WHERE kind = 'reserve';
CREATE UNIQUE INDEX transfers_grant_key ON transfers (grant_key) WHERE kind = 'grant';
CREATE INDEX transfers_account_created ON transfers (account_id, created_at DESC, id);
CREATE INDEX transfers_open_reservations ON transfers (expires_at) WHERE kind = 'reserve';

-- Generations the ledger rejected (insufficient credit), so a redelivered request is rejected the same way.
CREATE TABLE rejected_generations (
    generation_id  TEXT PRIMARY KEY,
    account_id     TEXT        NOT NULL,
    error_code     TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
