-- Generations in flight (pending or processing) per account, maintained in the same transactions that create a
-- generation (+1, refused at the plan's cap) and make it terminal (-1, once: terminal states never change). The
-- cap check is then one row update instead of counting the account's in-flight generations on every submit, and
-- it is exact under concurrency (the row lock serializes an account's submits for the length of the UPDATE to
-- commit only).
CREATE TABLE account_in_flight (
    account_id   UUID    PRIMARY KEY,
    generations  INTEGER NOT NULL CHECK (generations >= 0)
);

INSERT INTO account_in_flight (account_id, generations)
SELECT account_id, count(*) FROM generations WHERE status IN ('pending', 'processing') GROUP BY account_id;
