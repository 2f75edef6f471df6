package com.patchdesk.server.files;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The SHA-256 of a resumable upload, taken part by part as the server accepts them, so that the completed upload is
 * stored without reading all of it again while its sender waits for the last answer (about a second per GiB,
 * docs/performance-history.md, "Twelfth pass"). Each accepted part is read back from the scratch file, where it is
 * still in the page cache.
 *
 * <p>Only bytes the server has accepted are hashed: tus-java-server writes a part at the upload's offset and nowhere
 * else (it refuses a part whose offset is not the file's length), and takes back only the part of the request that
 * failed (a wrong checksum), before the request is answered. So what lies below an accepted offset never changes.
 * Safe for the requests of one upload that overlap (a retried part); one instance per upload.
 */
final class PartsDigest {

    private static final int BUFFER = 1024 * 1024;

    private final MessageDigest sha256;
    /** Bytes of the upload hashed so far, from its start. */
    private long hashed;
    /**
     * Set when a read failed (the store then hashes the file itself) or the digest was given: nothing more is hashed.
     */
    private boolean ended;

    PartsDigest() {
        sha256 = HashingCopy.newSha256();
    }

    /** Hashes {@code file} on from what is hashed to {@code accepted}, the upload's offset after an accepted part. */
    synchronized void accepted(Path file, long accepted) {
        if (ended || accepted <= hashed) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, accepted - hashed));
            while (hashed < accepted) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), accepted - hashed));
                int read = channel.read(buffer, hashed);
                if (read < 0) {
                    throw new EOFException(
                            "the upload's file ends at " + hashed + " of " + accepted + " accepted bytes");
                }
                buffer.flip();
                sha256.update(buffer);
                hashed += read;
            }
        } catch (IOException e) {
            ended = true;
        }
    }

    /**
     * The content of the completed upload of {@code length} bytes in {@code file}, hashing what its last part added;
     * null when a read failed (the store then hashes the file itself).
     */
    synchronized BlobStore.Content complete(Path file, long length) {
        accepted(file, length);
        if (ended || hashed != length) {
            return null;
        }
        ended = true; // a digest is given once
        return new BlobStore.Content(length, HexFormat.of().formatHex(sha256.digest()));
    }
}
