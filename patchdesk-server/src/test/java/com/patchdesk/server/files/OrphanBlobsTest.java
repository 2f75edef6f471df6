package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.audit.AuditRecord;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.config.UtcTimestamps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/** The sweep of blobs no row names, on the local store's real disk. */
@DeskTest
class OrphanBlobsTest {

    private static final Duration GRACE = Duration.ofDays(1);

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseFiles files;

    @Autowired
    BlobStore blobs;

    @Autowired
    BlobColumns columns;

    @Autowired
    AuditTrail audit;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    OrphanBlobs sweep;

    @Autowired
    JdbcClient jdbc;

    @Value("${patchdesk.storage.local.root}")
    Path root;

    /**
     * A blob left by an upload whose row never came is removed and audited once it is older than the grace; a case
     * file's blob, a repair library file's blob, a young orphan and a part file of an upload arriving stay.
     */
    @Test
    void anOldOrphanGoesAndEverythingNamedOrYoungStays() throws Exception {
        CaseRef ref = fixtures.openCase(fixtures.organisation("孤儿文件银行"));
        CaseFile uploaded = files.receive(
                        ref, "CBS.log", CaseFile.Origin.UPLOAD, content("uploaded CBS.log"), 1 << 20, null)
                .file();
        StoredBlob manifest = blobs.put(content("<assembly> servicingstack 清单"), 1 << 20);
        StoredBlob library = blobs.put(content("amd64_microsoft-windows-servicingstack 组件"), 1 << 20);
        nameInTheRepairLibrary(manifest, library);
        byte[] orphanBytes = "a mail whose case could not be stored 邮件附件".getBytes(StandardCharsets.UTF_8);
        StoredBlob orphan = blobs.put(new ByteArrayInputStream(orphanBytes), 1 << 20);
        StoredBlob young = blobs.put(content("written a minute ago"), 1 << 20);
        Path arriving = Files.write(root.resolve("incoming").resolve("put-arriving.part"), new byte[4096]);
        for (String key : List.of(uploaded.blobKey(), manifest.key(), library.key(), orphan.key())) {
            age(blobs.localFile(key).orElseThrow(), Duration.ofDays(2));
        }
        age(arriving, Duration.ofDays(2));

        OrphanBlobs.Swept swept = sweep.sweep(Instant.now().minus(GRACE));

        assertThat(swept.keys()).contains(orphan.key());
        assertThat(swept.keys()).doesNotContain(uploaded.blobKey(), manifest.key(), library.key(), young.key());
        assertThat(blobs.exists(orphan.key())).isFalse();
        for (String kept : List.of(uploaded.blobKey(), manifest.key(), library.key(), young.key())) {
            assertThat(blobs.exists(kept)).as(kept).isTrue();
        }
        assertThat(arriving).exists();
        try (InputStream in = files.open(uploaded, null)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("uploaded CBS.log");
        }
        assertThat(swept.bytes()).isGreaterThanOrEqualTo(orphanBytes.length);
        Map<String, String> recorded = lastSweepRecord();
        assertThat(recorded.get("keys").lines()).contains(orphan.key());
        assertThat(Long.parseLong(recorded.get("bytes"))).isGreaterThanOrEqualTo(orphanBytes.length);
        assertThat(Integer.parseInt(recorded.get("count")))
                .isEqualTo(recorded.get("keys").lines().count());
        assertThat(sweep.sweep(Instant.now().minus(GRACE)).keys()).doesNotContain(orphan.key());
        Files.deleteIfExists(arriving);
    }

    /**
     * An upload of the same content as an old orphan arrives after the sweep found that no row names it and before it
     * deletes it: the blob is kept (the upload's put made it written now), and the upload's file can be read.
     */
    @Test
    void aBlobAdoptedWhileTheSweepRunsIsKept(@TempDir Path tus) throws Exception {
        CaseRef ref = fixtures.openCase(fixtures.organisation("并发上传银行"));
        byte[] bytes = "a bundle sent again while the sweep runs 再次上传".getBytes(StandardCharsets.UTF_8);
        StoredBlob orphan = blobs.put(new ByteArrayInputStream(bytes), 1 << 20);
        age(blobs.localFile(orphan.key()).orElseThrow(), Duration.ofDays(2));
        Path complete = Files.write(tus.resolve("upload"), bytes);
        CaseFile[] adopted = new CaseFile[1];
        BlobStore uploadArrivesBeforeTheDelete = new Delegating(blobs) {
            @Override
            public boolean deleteIfWrittenBefore(String key, Instant before) throws IOException {
                if (key.equals(orphan.key())) {
                    adopted[0] = files.receiveFile(
                                    ref, "CBS.zip", CaseFile.Origin.UPLOAD, complete, null, 1 << 20, null)
                            .file();
                }
                return super.deleteIfWrittenBefore(key, before);
            }
        };
        OrphanBlobs racing = new OrphanBlobs(
                uploadArrivesBeforeTheDelete, columns, audit, transactions, new OrphanBlobSettings(GRACE));

        OrphanBlobs.Swept swept = racing.sweep(Instant.now().minus(GRACE));

        assertThat(adopted[0]).as("the upload came during the sweep").isNotNull();
        assertThat(swept.keys()).doesNotContain(orphan.key());
        assertThat(adopted[0].blobKey()).isEqualTo(orphan.key());
        try (InputStream in = files.open(adopted[0], null)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    private Map<String, String> lastSweepRecord() {
        List<AuditRecord> records = audit.forEntity(OrphanBlobs.AUDIT_TYPE, 0);
        assertThat(records).isNotEmpty();
        AuditRecord last = records.get(records.size() - 1);
        assertThat(last.action()).isEqualTo(OrphanBlobs.AUDIT_ACTION);
        assertThat(last.actorLabel()).isEqualTo(AuditTrail.SYSTEM);
        return records.stream()
                .filter(r -> r.occurredAt().equals(last.occurredAt()))
                .collect(Collectors.toMap(AuditRecord::field, AuditRecord::newValue, (a, b) -> b));
    }

    /** A donor's component: its manifest and one of its files, each a blob named by a column of the library. */
    private void nameInTheRepairLibrary(StoredBlob manifest, StoredBlob file) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO library_components (identity, architecture, version, manifest_blob_key, manifest_sha256,
                                                added_at)
                VALUES (:identity, 'amd64', '10.0.19041.1', :key, :key, :now)""")
                .param("identity", "amd64_orphan-sweep-test_" + manifest.key().substring(0, 12))
                .param("key", manifest.key())
                .param("now", UtcTimestamps.toSql(Instant.now()))
                .update(keys, "id");
        jdbc.sql("""
                INSERT INTO library_files (component_id, path, sha256, size, blob_key)
                VALUES (:component, 'amd64_x/servicingstack.dll', :key, :size, :key)""")
                .param("component", keys.getKey().longValue())
                .param("key", file.key())
                .param("size", file.size())
                .update();
    }

    private static InputStream content(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void age(Path file, Duration age) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    }

    /** The real store, with one step of a sweep's to change in a test. */
    private static class Delegating implements BlobStore {
        private final BlobStore store;

        Delegating(BlobStore store) {
            this.store = store;
        }

        @Override
        public StoredBlob put(InputStream content, long maxBytes) throws IOException {
            return store.put(content, maxBytes);
        }

        @Override
        public InputStream open(String key, BlobRange range) throws IOException {
            return store.open(key, range);
        }

        @Override
        public boolean exists(String key) throws IOException {
            return store.exists(key);
        }

        @Override
        public void delete(String key) throws IOException {
            store.delete(key);
        }

        @Override
        public void listWrittenBefore(Instant before, java.util.function.Consumer<Listed> each) throws IOException {
            store.listWrittenBefore(before, each);
        }

        @Override
        public boolean deleteIfWrittenBefore(String key, Instant before) throws IOException {
            return store.deleteIfWrittenBefore(key, before);
        }
    }
}
