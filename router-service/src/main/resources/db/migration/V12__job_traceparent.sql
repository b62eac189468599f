-- W3C traceparent of the span that admitted the job (null with tracing off), so the worker that drives the job
-- later, on another thread or instance, continues the generation's trace.
ALTER TABLE jobs ADD COLUMN traceparent TEXT;
