-- Statement order: transfers of one batch share created_at (now() is the transaction start), so entries are
-- ordered by an insertion sequence instead; newest first is seq DESC.
ALTER TABLE transfers ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY;
CREATE INDEX transfers_account_seq ON transfers (account_id, seq DESC);
DROP INDEX transfers_account_created;

-- A resolution (post or void) always names the reservation it resolves; pending transfers are looked up by generation.
CREATE INDEX transfers_generation ON transfers (generation_id) WHERE generation_id IS NOT NULL;

-- Generations the ledger closed without a reservation keep the fields of their request, so a redelivered request
-- with other fields is recognised as a conflict (TigerBeetle's exists_with_different_*).
ALTER TABLE rejected_generations ADD COLUMN cost_micros BIGINT;
ALTER TABLE rejected_generations ADD COLUMN model_identifier TEXT;
ALTER TABLE rejected_generations ADD COLUMN reason TEXT;

-- A terminal fact (succeeded / failed / canceled) that arrived before its reservation. The first one wins
-- (terminal is terminal) and is applied, then deleted, when the reservation arrives.
CREATE TABLE early_terminals (
    generation_id  TEXT PRIMARY KEY,
    account_id     TEXT        NOT NULL,
    outcome        TEXT        NOT NULL CHECK (outcome IN ('post', 'void')),
    reason         TEXT        NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Low-balance alert settings (contract §5.3 / credit_alert_settings). No row = the default: enabled, one threshold
-- of 0.500 credits. Thresholds are positive micro-credits with at most 3 decimals of a credit, at most 10, distinct.
CREATE TABLE alert_settings (
    account_id         TEXT PRIMARY KEY,
    enabled            BOOLEAN     NOT NULL,
    thresholds_micros  BIGINT[]    NOT NULL CHECK (cardinality(thresholds_micros) <= 10),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A fired threshold (contract credit_alert_log, UNIQUE(account, threshold)): present = disarmed until a grant or a
-- void brings the available balance back to >= threshold, which deletes the row (re-arms it).
CREATE TABLE alert_fired (
    account_id         TEXT        NOT NULL,
    threshold_micros   BIGINT      NOT NULL CHECK (threshold_micros > 0),
    balance_at_micros  BIGINT      NOT NULL,
    fired_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, threshold_micros)
);

-- Records a consumer could not apply after its retries (poison or rule-breaking input). Kept here rather than on a
-- dead-letter topic because one poll batch is one transaction: a failed record must not take its batch with it.
CREATE TABLE parked_events (
    consumer     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    topic        TEXT        NOT NULL,
    partition_no INT         NOT NULL,
    offset_no    BIGINT      NOT NULL,
    value        TEXT        NOT NULL,
    error        TEXT        NOT NULL,
    parked_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, topic, partition_no, offset_no)
);
