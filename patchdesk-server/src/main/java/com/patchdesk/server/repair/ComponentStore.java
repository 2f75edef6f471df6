package com.patchdesk.server.repair;

import com.patchdesk.diagnosis.repair.ComponentIdentity;
import com.patchdesk.diagnosis.repair.ComponentLibrary;
import com.patchdesk.diagnosis.repair.DonorZip;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.audit.FieldChange;
import com.patchdesk.server.config.UtcTimestamps;
import com.patchdesk.server.files.BlobStore;
import com.patchdesk.server.files.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The server's component library: components by full identity, their files content-addressed in the
 * {@link BlobStore}. Donor material is checked whole by the engine's {@link DonorZip} before anything is stored, so a
 * refused zip leaves the library as it was; a component already in the library is kept as it is (same identity, same
 * content by its manifest's hashes).
 */
@Service
public class ComponentStore implements ComponentLibrary {

    private final JdbcClient jdbc;
    private final BlobStore blobs;
    private final Clock clock;
    private final AuditTrail audit;

    ComponentStore(JdbcClient jdbc, BlobStore blobs, Clock clock, AuditTrail audit) {
        this.jdbc = jdbc;
        this.blobs = blobs;
        this.clock = clock;
        this.audit = audit;
    }

    /** What a donor zip added, and which of its components the library held already. */
    public record Added(List<String> added, List<String> alreadyThere) {}

    /** @throws com.patchdesk.diagnosis.repair.DonorMaterialException when the zip is refused; nothing is stored then */
    @Transactional
    public Added add(Path donorZip, String donor, Actor actor) throws IOException {
        Path scratch = Files.createTempDirectory("patchdesk-donor");
        try {
            List<DonorZip.DonorComponent> components = DonorZip.read(donorZip, scratch);
            List<String> added = new ArrayList<>();
            List<String> already = new ArrayList<>();
            for (DonorZip.DonorComponent c : components) {
                if (componentId(c.identity()).isPresent()) {
                    already.add(c.identity().folder());
                    continue;
                }
                StoredBlob manifest = put(c.manifest());
                GeneratedKeyHolder keys = new GeneratedKeyHolder();
                jdbc.sql("""
                        INSERT INTO library_components (identity, architecture, version, manifest_blob_key,
                                                        manifest_sha256, donor, added_by, added_at)
                        VALUES (:identity, :arch, :version, :key, :sha, :donor, :by, :now)""")
                        .param("identity", c.identity().folder())
                        .param("arch", c.identity().architecture())
                        .param("version", c.identity().version())
                        .param("key", manifest.key())
                        .param("sha", manifest.sha256())
                        .param("donor", donor == null || donor.length() <= 255 ? donor : donor.substring(0, 255))
                        .param("by", actor.userId())
                        .param("now", UtcTimestamps.toSql(clock.instant()))
                        .update(keys, "id");
                long id = keys.getKey().longValue();
                for (DonorZip.DonorFile f : c.files()) {
                    StoredBlob blob = put(f.content());
                    jdbc.sql("""
                            INSERT INTO library_files (component_id, path, sha256, size, blob_key)
                            VALUES (:component, :path, :sha, :size, :key)""")
                            .param("component", id)
                            .param("path", f.path())
                            .param("sha", blob.sha256())
                            .param("size", blob.size())
                            .param("key", blob.key())
                            .update();
                }
                audit.record(
                        actor,
                        "library_component",
                        id,
                        null,
                        "added",
                        List.of(
                                FieldChange.of("identity", null, c.identity().folder()),
                                FieldChange.of(
                                        "files",
                                        null,
                                        Integer.toString(c.files().size()))));
                added.add(c.identity().folder());
            }
            return new Added(added, already);
        } finally {
            deleteTree(scratch);
        }
    }

    @Override
    public Optional<Component> find(ComponentIdentity identity) {
        return jdbc.sql("SELECT id, manifest_blob_key FROM library_components WHERE identity = :identity")
                .param("identity", identity.folder())
                .query((rs, n) -> new Object[] {rs.getLong("id"), rs.getString("manifest_blob_key")})
                .optional()
                .map(row -> {
                    List<File> files = jdbc.sql(
                                    "SELECT path, blob_key FROM library_files WHERE component_id = :id ORDER BY path")
                            .param("id", row[0])
                            .query((rs, n) -> new File(rs.getString("path"), opener(rs.getString("blob_key"))))
                            .list();
                    return new Component(identity, opener((String) row[1]), files);
                });
    }

    /** Identities in the library, newest first. */
    public List<String> identities() {
        return jdbc.sql("SELECT identity FROM library_components ORDER BY id DESC")
                .query(String.class)
                .list();
    }

    private Optional<Long> componentId(ComponentIdentity identity) {
        return jdbc.sql("SELECT id FROM library_components WHERE identity = :identity")
                .param("identity", identity.folder())
                .query(Long.class)
                .optional();
    }

    private Content opener(String key) {
        return () -> blobs.open(key, null);
    }

    private StoredBlob put(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return blobs.put(in, Long.MAX_VALUE);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
