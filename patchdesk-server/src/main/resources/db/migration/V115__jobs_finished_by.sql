-- Which worker (instance pid@host/random) ran a job's last attempt. locked_by is cleared when a job ends, so
-- without this nothing says which of several servers diagnosed a bundle (docs/several-servers.md).
ALTER TABLE jobs ADD COLUMN finished_by VARCHAR(120);
