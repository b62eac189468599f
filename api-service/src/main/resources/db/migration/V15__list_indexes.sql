-- /v1/content/list filters by status and by model: one index per filter, each in the list's order, so that a filtered
-- page reads only matching rows, newest first, instead of walking every generation of the account. Both filters together
-- use either index and check the other column on the rows it yields.
CREATE INDEX generations_account_status_created ON generations (account_id, status, created_at DESC, generation_id DESC);
CREATE INDEX generations_account_model_created ON generations (account_id, model_identifier, created_at DESC, generation_id DESC);

-- /v1/admin/accounts pages through the region's accounts, newest first.
CREATE INDEX accounts_created ON accounts (created_at DESC, account_id DESC);
