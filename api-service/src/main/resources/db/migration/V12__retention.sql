-- Retention by plan (contract §5.4): succeeded generations whose output files are due for removal, and
-- finished generation records due for deletion, are found by completion time.
CREATE INDEX generations_outputs_due ON generations (completed_at) WHERE status = 'succeeded' AND NOT removed;
CREATE INDEX generations_finished ON generations (completed_at) WHERE status IN ('succeeded', 'failed', 'canceled');
