-- "My attention" and its count in the console's navigation (every console page an engineer opens) look up the open
-- cases an engineer owns: without an index each page scanned every case (PostgreSQL, 10,000 cases: 2-3 ms a page,
-- growing with the desk). The status is in the key because the attention list asks for the open ones only.
CREATE INDEX cases_owner_status_idx ON cases (owner_id, status);
