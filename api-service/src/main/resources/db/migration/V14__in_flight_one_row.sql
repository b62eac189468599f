-- The in-flight counter goes back to one row per account (shard 0): a submit takes its slot in the transaction that also
-- inserts the generation and appends its event, as the last statement before the commit (GenerationRepository.
-- claimInFlight); docs/decisions.md has the measurements. Each account's count moves to shard 0. The shard column stays
-- for now: during a rolling update the previous release still takes slots in other shards; those count until releases,
-- which drain the highest shard first, bring them to zero. A later release drops the column.
LOCK TABLE account_in_flight IN EXCLUSIVE MODE;

INSERT INTO account_in_flight (account_id, shard, generations)
SELECT account_id, 0, sum(generations) FROM account_in_flight GROUP BY account_id
ON CONFLICT (account_id, shard) DO UPDATE SET generations = EXCLUDED.generations;

DELETE FROM account_in_flight WHERE shard <> 0;
