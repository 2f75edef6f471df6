package com.patchdesk.server.files;

/** A stored content: its SHA-256 (lowercase hex), its size in bytes and the key to open it with. */
public record StoredBlob(String sha256, long size, String key) {}
