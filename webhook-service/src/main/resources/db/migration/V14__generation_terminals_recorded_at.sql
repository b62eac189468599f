-- The platform's retention purge deletes terminal facts older than babysea.webhook.terminal-retention by this column.
CREATE INDEX webhook_generation_terminals_recorded_at ON webhook_generation_terminals (recorded_at);
