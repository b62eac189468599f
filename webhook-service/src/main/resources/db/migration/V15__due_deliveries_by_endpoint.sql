-- The poller finds each endpoint's oldest due deliveries through this index (a skip scan over the endpoints with
-- pending deliveries, then a few index entries each), so a poll costs the same whether one endpoint has ten pending
-- deliveries or fifty thousand; ranking every due row instead cost a sort of the whole backlog per poll, which made a
-- backlog drain more slowly the larger it was.
CREATE INDEX webhook_deliveries_pending_by_endpoint ON webhook_deliveries (endpoint_id, next_attempt_at, sequence_no)
    WHERE status = 'pending';
