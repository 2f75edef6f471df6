package com.patchdesk.server.repair;

import com.patchdesk.diagnosis.repair.ComponentIdentity;
import com.patchdesk.diagnosis.repair.DamagedComponents;
import com.patchdesk.diagnosis.repair.RepairKit;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.diagnoses.Diagnoses;
import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseFiles;
import com.patchdesk.server.files.CasePublications;
import com.patchdesk.server.files.DownloadLinks;
import com.patchdesk.server.files.UploadFailedException;
import com.patchdesk.server.problems.InvalidInputException;
import com.patchdesk.server.problems.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Repair kits for a case's diagnosis: the components its report names as damaged or missing, from the
 * {@link ComponentStore}, zipped by the engine's {@link RepairKit}, stored on the case and published as a tokened
 * download link (with its timeline entry). The report is the engine's own output stored by the server, not the
 * customer's bundle, so reading it here needs no child JVM.
 */
@Service
public class RepairKits {

    static final Duration LINK_VALID = Duration.ofDays(14);
    static final int MAX_DOWNLOADS = 5;

    private final Diagnoses diagnoses;
    private final ComponentStore library;
    private final CaseFiles files;
    private final CasePublications publications;
    private final Clock clock;

    RepairKits(
            Diagnoses diagnoses, ComponentStore library, CaseFiles files, CasePublications publications, Clock clock) {
        this.diagnoses = diagnoses;
        this.library = library;
        this.files = files;
        this.publications = publications;
        this.clock = clock;
    }

    /** What a kit for this diagnosis would hold; empty when the diagnosis names no component. */
    public Optional<RepairKit.Contents> offer(long caseId, long diagnosisId) {
        List<ComponentIdentity> named = named(caseId, diagnosisId);
        if (named.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RepairKit.plan(named, library));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A kit built and published: its contents and the link path with its token (shown once). */
    public record Built(RepairKit.Contents contents, CaseFile file, DownloadLinks.Published link) {}

    public Built build(CaseRef ref, Actor actor, long diagnosisId) throws IOException {
        List<ComponentIdentity> named = named(ref.id(), diagnosisId);
        if (named.isEmpty()) {
            throw new InvalidInputException("diagnosis", Reason.of("problem.repairKit.noComponent"));
        }
        if (RepairKit.plan(named, library).included().isEmpty()) {
            throw new InvalidInputException("diagnosis", Reason.of("problem.repairKit.noneInLibrary"));
        }
        Path zip = Files.createTempFile("patchdesk-kit", ".zip");
        try {
            RepairKit.Contents contents;
            try (OutputStream out = Files.newOutputStream(zip)) {
                contents = RepairKit.write(named, library, ref.language(), out);
            }
            String name = "PatchdeskRepairKit_" + ref.number().value() + "_" + diagnosisId + ".zip";
            CaseFile file;
            try (InputStream in = Files.newInputStream(zip)) {
                file = files.receive(ref, name, CaseFile.Origin.PUBLISHED, in, Long.MAX_VALUE, actor.userId())
                        .file();
            } catch (UploadFailedException e) {
                throw new IOException("the kit could not be stored: " + e.getMessage(), e);
            }
            DownloadLinks.Published link =
                    publications.publish(ref, actor, file, clock.instant().plus(LINK_VALID), MAX_DOWNLOADS);
            return new Built(contents, file, link);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private List<ComponentIdentity> named(long caseId, long diagnosisId) {
        Optional<String> report = diagnoses.reportJson(caseId, diagnosisId);
        if (report.isEmpty()) {
            return List.of();
        }
        try {
            return DamagedComponents.inReport(report.get());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
