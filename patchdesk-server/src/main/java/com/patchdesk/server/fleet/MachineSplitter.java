package com.patchdesk.server.fleet;

import com.patchdesk.diagnosis.bundle.MachineBundles;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.EntryWording;
import com.patchdesk.server.config.DataFolder;
import com.patchdesk.server.config.ScratchSweep;
import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseFiles;
import com.patchdesk.server.files.CaseUploads;
import com.patchdesk.server.files.FileUploaded;
import com.patchdesk.server.files.FilesProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Splits a zip of several machines' bundles (one zip per machine, {@link MachineBundles}) into one case file per
 * machine as it arrives, so that each is diagnosed on its own; the zip itself stays on the case (its diagnosis says
 * it holds several machines). Only the zip's directory is read and each part copied out with a size cap, here in the
 * server; the logs inside are read by the engine in its child JVM, as for any upload. A part whose content is already
 * on the case is kept once; a part that cannot be copied is named in the note with the reason, so nothing is lost
 * silently.
 */
@Component
class MachineSplitter {

    private static final Logger LOG = LoggerFactory.getLogger(MachineSplitter.class);
    private static final String SPLIT_PREFIX = "split-";
    private static final Duration SPLIT_LEFT_AFTER = Duration.ofHours(6);

    private final CaseFiles files;
    private final CaseUploads uploads;
    private final CaseTimeline timeline;
    private final JdbcClient jdbc;
    private final long maxPart;
    private final Path scratch;

    MachineSplitter(
            CaseFiles files,
            CaseUploads uploads,
            CaseTimeline timeline,
            JdbcClient jdbc,
            FilesProperties filesProperties,
            DataFolder data) {
        this.files = files;
        this.uploads = uploads;
        this.timeline = timeline;
        this.jdbc = jdbc;
        // A part is an upload of its own: the same limit.
        this.maxPart = filesProperties.maxUpload().toBytes();
        this.scratch = data.dataDir().resolve("scratch").resolve("fleet");
    }

    /**
     * A split that a killed process was doing leaves its folder (the container's copy, a part) in the scratch folder;
     * a live split writes into its own all the time, and none takes hours.
     */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void removeAbandonedSplits() {
        int removed = ScratchSweep.remove(
                scratch, List.of(SPLIT_PREFIX), Instant.now().minus(SPLIT_LEFT_AFTER));
        if (removed > 0) {
            LOG.warn("Crash recovery: removed {} machine split folder(s) a stopped process left", removed);
        }
    }

    @EventListener
    void on(FileUploaded uploaded) {
        CaseFile file = uploaded.file();
        if (!file.name().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return;
        }
        try {
            split(uploaded.caseRef(), file);
        } catch (IOException | RuntimeException e) {
            // The upload itself is stored and diagnosed either way; the note says the split did not happen.
            LOG.warn(
                    "could not split {} on {}: {}",
                    file.name(),
                    uploaded.caseRef().number(),
                    e.toString());
            timeline.append(
                    uploaded.caseRef(),
                    EntryKind.NOTE,
                    null,
                    EntryWording.of("entry.text.splitFailed", file.name(), String.valueOf(e.getMessage())),
                    null,
                    "case_file",
                    file.id(),
                    true);
        }
    }

    private void split(CaseRef ref, CaseFile container) throws IOException {
        Files.createDirectories(scratch);
        Path folder = Files.createTempDirectory(scratch, SPLIT_PREFIX + container.id() + "-");
        try {
            // A local blob is read where it lies; a blob in S3 is fetched once to scratch (a zip's directory is
            // at its end, so it cannot be read as a stream).
            Optional<Path> local = files.localFile(container);
            Path zip = local.orElse(folder.resolve("container.zip"));
            if (local.isEmpty()) {
                try (InputStream in = files.open(container, null)) {
                    Files.copy(in, zip, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            List<MachineBundles.Part> parts = MachineBundles.of(zip);
            if (!parts.isEmpty()) {
                note(
                        ref,
                        container,
                        parts.stream()
                                .map(p -> store(ref, container, zip, folder, p))
                                .toList());
            }
        } finally {
            try (var left = Files.list(folder)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(folder);
        }
    }

    private Result store(CaseRef ref, CaseFile container, Path zip, Path folder, MachineBundles.Part part) {
        Path copy = folder.resolve("part.zip");
        Result result;
        try {
            MachineBundles.copy(zip, part, copy, maxPart);
            try (InputStream in = Files.newInputStream(copy)) {
                CaseFiles.Received received = uploads.receive(
                        ref, null, part.fileName(), in, maxPart, "Split from " + container.name() + ": ");
                result = new Result(part, received.file().id(), received.duplicate() ? "duplicate" : "stored", null);
            }
        } catch (IOException | RuntimeException e) {
            result = new Result(part, null, "failed", e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException ignored) {
                // Removed with its folder.
            }
        }
        jdbc.sql("""
                INSERT INTO fleet_splits (part_file_id, container_file_id, case_id, entry, outcome)
                VALUES (:part, :container, :case, :entry, :outcome)""")
                .param("part", result.fileId())
                .param("container", container.id())
                .param("case", ref.id())
                .param("entry", FleetIndex.cut(part.entry(), 1000))
                .param("outcome", result.outcome())
                .update();
        return result;
    }

    /** One internal note naming what became of every part: stored, already on the case, or failed and why. */
    private void note(CaseRef ref, CaseFile container, List<Result> results) {
        Map<String, Integer> perHost = new HashMap<>();
        results.forEach(r ->
                r.part().host().ifPresent(h -> perHost.merge(h.toUpperCase(Locale.ROOT), 1, Integer::sum)));
        List<EntryWording> lines = new ArrayList<>();
        for (Result r : results) {
            String host = r.part().host().orElse(null);
            EntryWording outcome = switch (r.outcome()) {
                case "stored" -> EntryWording.of("entry.text.splitStored", String.valueOf(r.fileId()));
                case "duplicate" -> EntryWording.of("entry.text.splitDuplicate", String.valueOf(r.fileId()));
                default -> EntryWording.of("entry.text.splitNotStored", String.valueOf(r.reason()));
            };
            EntryWording note = null;
            if (host == null) {
                note = EntryWording.of("entry.text.splitNoHost");
            } else if (perHost.get(host.toUpperCase(Locale.ROOT)) > 1) {
                note = EntryWording.of("entry.text.splitHostRepeated", host);
            }
            lines.add(
                    note == null
                            ? EntryWording.of("entry.text.splitPart", r.part().entry(), outcome)
                            : EntryWording.of(
                                    "entry.text.splitPartNoted", r.part().entry(), outcome, note));
        }
        long stored = results.stream().filter(r -> r.outcome().equals("stored")).count();
        long failed = results.stream().filter(r -> r.outcome().equals("failed")).count();
        timeline.append(
                ref,
                EntryKind.NOTE,
                null,
                EntryWording.of(
                        "entry.text.split",
                        container.name(),
                        results.size(),
                        stored,
                        failed > 0
                                ? EntryWording.of("entry.text.splitFailedParts", failed)
                                : EntryWording.verbatim("")),
                lines,
                "case_file",
                container.id(),
                true);
    }

    private record Result(MachineBundles.Part part, Long fileId, String outcome, String reason) {}
}
