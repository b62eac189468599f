-- W3C traceparent of the span that created the delivery (null with tracing off), so the worker's attempt, later and
-- possibly on another instance, continues the trace of the event that caused it.
ALTER TABLE webhook_deliveries ADD COLUMN traceparent TEXT;
