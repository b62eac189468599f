-- The billing plan of each account, as last told by api-service (it passes `account_plan` on every endpoint
-- management write). It decides how long finished deliveries and their attempts are kept (contract §5.4: webhook
-- delivery logs 1/7/30/180/365 days for Free/Starter/Pro/Scale/Enterprise).
CREATE TABLE webhook_accounts (
    account_id  TEXT PRIMARY KEY,
    plan        TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The purge walks endpoints and deletes, per endpoint, finished rows older than the plan's retention in batches.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (endpoint_id, completed_at) WHERE status <> 'pending';
CREATE INDEX webhook_queue_finished ON webhook_queue (endpoint_id, (coalesce(delivered_at, expires_at))) WHERE status <> 'pending';
