-- The per-account in-flight counter is split into up to 16 rows (shards). One row per account serialized every
-- submit of that account on its row lock, from the counter UPDATE to the commit, and under load the releases of
-- finished generations queued on the same lock: at 300 submits/s of one account on the 2-core machine, 1,276 of
-- 9,000 submits waited more than 50 ms on that single statement (JFR). A submit now takes a slot in a random
-- shard that is not locked and still below its share of the plan's cap; the shares add up to the cap, so the sum
-- stays exact. A release decrements any shard above zero (only the sum has a meaning). Existing counts stay in
-- shard 0.
ALTER TABLE account_in_flight ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0 CHECK (shard >= 0 AND shard < 16);
ALTER TABLE account_in_flight DROP CONSTRAINT account_in_flight_pkey;
ALTER TABLE account_in_flight ADD PRIMARY KEY (account_id, shard);
-- Room on each page for new row versions, so the frequent counter updates stay HOT (no index entry, in-page pruning).
ALTER TABLE account_in_flight SET (fillfactor = 50);
