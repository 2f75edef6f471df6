-- The case lists are ordered newest first (API, portal) or most recently changed first (console) and paged with
-- LIMIT/OFFSET: without these, every page sorted all cases (PostgreSQL, 10,000 cases: 119 ms a page under load,
-- 0.6 ms with the index; bench/load-test.sh). A customer's list is their organisation's cases in the same order.
CREATE INDEX cases_created_order_idx ON cases (created_at DESC, id DESC);
CREATE INDEX cases_updated_order_idx ON cases (updated_at DESC, id DESC);
CREATE INDEX cases_organisation_created_idx ON cases (organisation_id, created_at DESC, id DESC);
