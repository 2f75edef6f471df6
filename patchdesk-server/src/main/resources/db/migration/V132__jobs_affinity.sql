-- A job this server has a head start on (an analysis that followed the upload as it arrived, docs/several-servers.md):
-- only the worker named in prefer_worker may claim it until prefer_until; after that any may (that server died, or
-- its workers were busy). NULL for every other job.
ALTER TABLE jobs ADD COLUMN prefer_worker VARCHAR(120);
ALTER TABLE jobs ADD COLUMN prefer_until TIMESTAMP WITH TIME ZONE;
