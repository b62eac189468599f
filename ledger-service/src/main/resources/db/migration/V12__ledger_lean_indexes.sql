-- Fewer index entries per transfer (the reservation insert was the largest cost of a batch, measured with
-- pg_stat_statements in the -Pbench benchmark):
-- * transfers_generation duplicated transfers_one_reserve_per_generation for every query the ledger runs (all of
--   them look generations up among reservations, kind = 'reserve'); posts and voids are found by their derived id.
-- * resolves_once indexed the NULL pending_id of every grant and reservation; the partial unique index keeps the
--   rule (one post or void per reservation) and is still used by `x.pending_id = r.id` lookups.
DROP INDEX transfers_generation;
ALTER TABLE transfers DROP CONSTRAINT resolves_once;
CREATE UNIQUE INDEX transfers_resolves_once ON transfers (pending_id) WHERE pending_id IS NOT NULL;
