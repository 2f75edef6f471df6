package com.patchdesk.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs in an S3-compatible bucket as {@code blobs/<sha256>}. The hash is only known at the end of the stream, so
 * a content larger than one part is sent as a multipart upload to a temporary key (one part in memory at a time)
 * and then copied server-side to its content key; a content that fits one part is hashed first and put directly.
 * A failed put aborts the multipart upload and removes the temporary object, leaving nothing behind.
 */
final class S3BlobStore implements BlobStore {

    /** Where a put's multipart upload is assembled before it is copied to its key. */
    private static final String INCOMING = "incoming/";

    private static final String BLOBS = "blobs/";

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private final S3Client s3;
    private final String bucket;
    private final int partSize;
    private final KeyLocks keyLocks = new KeyLocks();

    S3BlobStore(S3Client s3, String bucket, int partSize) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 multipart parts must be at least 5 MiB");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    @Override
    public StoredBlob put(InputStream content, long maxBytes) throws IOException {
        return put(content, maxBytes, Growth.NONE);
    }

    /** Writes a copy of a multipart content where {@code growth} asks ({@link Growth#copyTo}), part by part. */
    @Override
    public StoredBlob put(InputStream content, long maxBytes, Growth growth) throws IOException {
        HashingCopy hashing = new HashingCopy();
        byte[] part = new byte[partSize];
        int filled = hashing.fill(content, part, maxBytes);
        if (filled < partSize) {
            String key = hashing.sha256Hex();
            if (!writtenAgain(key)) {
                s3.putObject(b -> b.bucket(bucket).key(objectKey(key)), RequestBody.fromBytes(slice(part, filled)));
            }
            return new StoredBlob(key, hashing.size(), key);
        }
        String temp = INCOMING + UUID.randomUUID();
        String uploadId =
                s3.createMultipartUpload(b -> b.bucket(bucket).key(temp)).uploadId();
        boolean completed = false;
        try (GrowingCopy copy = GrowingCopy.open(growth)) {
            List<CompletedPart> parts = new ArrayList<>();
            int length = filled;
            while (length > 0) {
                // Before the part's request, so that a reader of the copy works while the part travels.
                copy.append(part, length);
                int number = parts.size() + 1;
                String etag = s3.uploadPart(
                                b -> b.bucket(bucket)
                                        .key(temp)
                                        .uploadId(uploadId)
                                        .partNumber(number),
                                RequestBody.fromBytes(slice(part, length)))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                length = hashing.fill(content, part, maxBytes);
            }
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(temp).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
            completed = true;
            String key = hashing.sha256Hex();
            if (!writtenAgain(key)) {
                s3.copyObject(b -> b.sourceBucket(bucket)
                        .sourceKey(temp)
                        .destinationBucket(bucket)
                        .destinationKey(objectKey(key)));
            }
            return new StoredBlob(key, hashing.size(), key);
        } catch (IOException | RuntimeException e) {
            if (!completed) {
                abortQuietly(temp, uploadId, e);
            }
            throw e;
        } finally {
            if (completed) {
                s3.deleteObject(b -> b.bucket(bucket).key(temp));
            }
        }
    }

    @Override
    public InputStream open(String key, BlobRange range) throws IOException {
        try {
            return s3.getObject(b -> {
                b.bucket(bucket).key(objectKey(key));
                if (range != null) {
                    b.range("bytes=" + range.first() + "-" + range.last());
                }
            });
        } catch (NoSuchKeyException e) {
            throw new java.nio.file.NoSuchFileException("blob " + key);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(objectKey(key)));
            return true;
        } catch (S3Exception e) {
            if (notFound(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * What a process killed during a put left under {@code incoming/}: a multipart upload never completed nor aborted
     * (its parts are stored and billed until aborted) and a completed copy never deleted, from before {@code before};
     * how many were removed. A put in progress writes its parts all the time, so the caller's age is its guard.
     */
    @Override
    public int removeAbandoned(java.time.Instant before) {
        int removed = 0;
        for (var upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(INCOMING))
                .uploads()) {
            if (upload.initiated() != null && upload.initiated().isBefore(before)) {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                removed++;
            }
        }
        for (var object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(INCOMING))
                .contents()) {
            if (!object.key().endsWith("/")
                    && object.lastModified() != null
                    && object.lastModified().isBefore(before)) {
                s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
                removed++;
            }
        }
        return removed;
    }

    /**
     * Makes a blob already stored written now (a copy onto itself, which S3 allows when the metadata is replaced), so
     * that the orphan sweep's grace period covers the put's row until it is committed; false when there is no such
     * blob (also when the sweep removed it a moment ago: the put then stores its own). Under the key's lock, as the
     * sweep's delete ({@link #deleteIfWrittenBefore}).
     */
    private boolean writtenAgain(String key) {
        synchronized (keyLocks.of(key)) {
            try {
                s3.copyObject(b -> b.sourceBucket(bucket)
                        .sourceKey(objectKey(key))
                        .destinationBucket(bucket)
                        .destinationKey(objectKey(key))
                        .metadataDirective(MetadataDirective.REPLACE)
                        .metadata(Map.of("written-again", Instant.now().toString())));
                return true;
            } catch (S3Exception e) {
                if (notFound(e)) {
                    return false;
                }
                throw e;
            }
        }
    }

    @Override
    public void listWrittenBefore(Instant before, Consumer<Listed> each) {
        for (var object :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(BLOBS)).contents()) {
            String key = object.key().substring(BLOBS.length());
            if (KEY.matcher(key).matches()
                    && object.lastModified() != null
                    && object.lastModified().isBefore(before)) {
                each.accept(new Listed(key, object.size(), object.lastModified()));
            }
        }
    }

    /**
     * The look at the blob's time and the delete are under the key's lock, which a put's {@link #writtenAgain} takes
     * too: on this server, a put of the same content comes either before (the blob is young, kept) or after (no blob,
     * the put stores its own). S3 has no lock to share with other servers and this store's deletes are not
     * conditional, so between the look and the delete (one request's time) a put of the same content on another
     * server could still make it written now and lose it: a content nobody named for the whole grace period, sent
     * again to another server in that instant.
     */
    @Override
    public boolean deleteIfWrittenBefore(String key, Instant before) {
        synchronized (keyLocks.of(key)) {
            Instant written;
            try {
                written =
                        s3.headObject(b -> b.bucket(bucket).key(objectKey(key))).lastModified();
            } catch (S3Exception e) {
                if (notFound(e)) {
                    return false;
                }
                throw e;
            }
            if (written == null || !written.isBefore(before)) {
                return false;
            }
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey(key)));
            return true;
        }
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(objectKey(key)));
    }

    /** Fills {@code part} as far as the stream allows; fewer bytes than its length means the stream ended. */
    private static byte[] slice(byte[] part, int length) {
        return length == part.length ? part : java.util.Arrays.copyOf(part, length);
    }

    private void abortQuietly(String temp, String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(temp).uploadId(uploadId));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static String objectKey(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return BLOBS + key;
    }

    /** Whether S3 answered that the object is not there: NoSuchKey, or a bare 404 (a HEAD request has no body). */
    private static boolean notFound(S3Exception e) {
        return e instanceof NoSuchKeyException || e.statusCode() == 404;
    }
}
