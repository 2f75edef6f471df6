-- The orphan-blob sweep (files.OrphanBlobs) asks, 500 keys at a time, which blobs a row still names: without these
-- indexes each batch read the three tables whole, which a component library of many donors makes large.
CREATE INDEX case_files_by_blob ON case_files (blob_key);
CREATE INDEX library_files_by_blob ON library_files (blob_key);
CREATE INDEX library_components_by_manifest_blob ON library_components (manifest_blob_key);
