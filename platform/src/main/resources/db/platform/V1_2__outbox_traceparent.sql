-- W3C trace context of the transaction that wrote the event, forwarded as the Kafka `traceparent`
-- header so one generation's trace continues across services.
ALTER TABLE outbox ADD COLUMN traceparent TEXT;
