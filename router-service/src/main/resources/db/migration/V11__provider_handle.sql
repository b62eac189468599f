-- Opaque adapter data an attempt needs besides its prediction id (e.g. BFL polling URLs, the fan-out of
-- one-output-per-call providers); persisted so an instance taking the job over can poll it.
ALTER TABLE jobs ADD COLUMN provider_handle TEXT;
ALTER TABLE attempts ADD COLUMN provider_handle TEXT;
-- Provider webhooks find their job by prediction id.
CREATE INDEX jobs_prediction ON jobs (provider, prediction_id) WHERE prediction_id IS NOT NULL;
