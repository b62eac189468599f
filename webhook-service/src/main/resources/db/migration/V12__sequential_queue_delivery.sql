-- Deliver-queued sends the queued events one after another (contract §6.5, "sends them sequentially"). Each
-- delivery it creates takes the next number of one global sequence (so queue order within an endpoint) and stays
-- "open" until the outcome of its first attempt is recorded; a sequenced delivery is not due while an earlier one
-- of the same endpoint is still open. The gate lives in the rows, so it holds across instances and crashes.
ALTER TABLE webhook_deliveries
    ADD COLUMN sequence_no   BIGINT,
    ADD COLUMN sequence_open BOOLEAN NOT NULL DEFAULT FALSE,
    -- A delivery that leaves `pending` (succeeded, failed, parked) can never hold back the rest of its sequence.
    ADD CONSTRAINT open_sequence_is_pending CHECK (NOT sequence_open OR (status = 'pending' AND sequence_no IS NOT NULL));
CREATE SEQUENCE webhook_delivery_sequence;
CREATE INDEX webhook_deliveries_open_sequence ON webhook_deliveries (endpoint_id, sequence_no) WHERE sequence_open;
