-- Bytes handed out through a link and not given back: each counted download grants one copy of the file, range
-- requests that resume a transfer draw on it, and bytes a transfer did not send are given back. Without it, range
-- requests after the download limit was used would serve the file again and again.
ALTER TABLE download_links ADD COLUMN bytes_reserved BIGINT NOT NULL DEFAULT 0;
