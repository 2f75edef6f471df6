package com.patchdesk.server.files;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.CustomerActivity;
import com.patchdesk.server.cases.EntryKind;
import java.io.InputStream;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * A file arriving on a case from outside — the API, the console or portal, a mail attachment. New content goes on
 * the timeline and is announced ({@link FileUploaded}) so that it gets diagnosed, and a customer's upload is their
 * answer to a case waiting for them ({@link CustomerActivity}); every way in shares this, so none can forget a step.
 */
@Service
public class CaseUploads {

    /** How an upload through the API, the console or the portal starts its timeline summary. */
    public static final String UPLOADED = "Uploaded ";

    private final CaseFiles files;
    private final CaseTimeline timeline;
    private final ApplicationEventPublisher events;
    private final CustomerActivity activity;
    private final ObjectProvider<ArrivingUploads> readers;

    CaseUploads(
            CaseFiles files,
            CaseTimeline timeline,
            ApplicationEventPublisher events,
            CustomerActivity activity,
            ObjectProvider<ArrivingUploads> readers) {
        this.files = files;
        this.timeline = timeline;
        this.events = events;
        this.activity = activity;
        this.readers = readers;
    }

    /**
     * @param author   who sent it, or null for a mail sender without an account
     * @param arrival  how it came, starting the timeline summary, e.g. {@code "Uploaded "}
     */
    public CaseFiles.Received receive(
            CaseRef ref, Actor author, String name, InputStream body, long maxBytes, String arrival)
            throws UploadFailedException {
        return receive(ref, author, name, body, maxBytes, arrival, -1);
    }

    /**
     * As above, with the size the sender declared ({@code Content-Length}, a part's or a resumable upload's length;
     * -1 when unknown): a hint for what reads uploads as they arrive, never trusted for the limit or the stored size.
     */
    public CaseFiles.Received receive(
            CaseRef ref, Actor author, String name, InputStream body, long maxBytes, String arrival, long declaredBytes)
            throws UploadFailedException {
        if (UPLOADED.equals(arrival) && FileName.windowsReserved(name)) {
            // Someone choosing the name gets told; a mail attachment is kept under a safe name instead (FileName).
            throw new com.patchdesk.server.problems.InvalidInputException(
                    "name",
                    "is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9); rename the file");
        }
        ArrivingUploads.Arrival reading = arriving(ref, name, declaredBytes);
        Long by = author == null ? null : author.userId();
        return receive(
                ref,
                author,
                name,
                arrival,
                reading,
                () -> files.receive(ref, name, CaseFile.Origin.UPLOAD, body, maxBytes, by, reading));
    }

    /**
     * What follows an upload to {@code ref} that arrives in several requests (a resumable upload's parts), to be told
     * of its bytes as they are final ({@link BlobStore.Growth#written}) and then given to {@link #receiveFile}.
     */
    ArrivingUploads.Arrival arriving(CaseRef ref, String name, long declaredBytes) {
        ArrivingUploads reader = readers.getIfAvailable();
        return reader == null
                ? ArrivingUploads.Arrival.IGNORED
                : reader.arriving(ref, FileName.of(name).value(), declaredBytes);
    }

    /**
     * As {@link #receive(CaseRef, Actor, String, InputStream, long, String, long)}, for a complete file on this
     * machine (a resumable upload's assembled parts) that the store may take as it is ({@link BlobStore#adopt}; what
     * is left at {@code file} is the caller's to delete), hashed as it arrived ({@code known}, or null), and that
     * {@code followed} ({@link #arriving}) was told of while it arrived: it is told how the upload ended.
     */
    CaseFiles.Received receiveFile(
            CaseRef ref,
            Actor author,
            String name,
            Path file,
            BlobStore.Content known,
            long maxBytes,
            String arrival,
            ArrivingUploads.Arrival followed)
            throws UploadFailedException {
        Long by = author == null ? null : author.userId();
        return receive(
                ref,
                author,
                name,
                arrival,
                followed,
                () -> files.receiveFile(ref, name, CaseFile.Origin.UPLOAD, file, known, maxBytes, by));
    }

    /** How a received content is stored on its case. */
    @FunctionalInterface
    private interface Storing {
        CaseFiles.Received store() throws UploadFailedException;
    }

    private CaseFiles.Received receive(
            CaseRef ref, Actor author, String name, String arrival, ArrivingUploads.Arrival reading, Storing storing)
            throws UploadFailedException {
        CaseFiles.Received received;
        boolean told = false;
        try {
            received = storing.store();
            if (received.duplicate()) {
                reading.dropped();
            } else {
                reading.stored(received.file());
            }
            told = true;
        } finally {
            if (!told) {
                reading.dropped(); // broken off, too large, or anything else: nothing is left following it
            }
        }
        if (!received.duplicate()) {
            CaseFile file = received.file();
            timeline.append(
                    ref,
                    EntryKind.UPLOAD,
                    author,
                    arrival + file.name() + " (" + CaseFilesApi.humanSize(file.size()) + ")",
                    "SHA-256 " + file.sha256(),
                    "case_file",
                    file.id(),
                    false);
            events.publishEvent(new FileUploaded(ref, file));
        } else {
            // Same bytes again, perhaps under a new name: say so on the timeline rather than answer in silence.
            CaseFile file = received.file();
            timeline.append(
                    ref,
                    EntryKind.UPLOAD,
                    author,
                    arrival + FileName.of(name).value() + ": identical to " + file.name() + ", already on the case",
                    "SHA-256 " + file.sha256(),
                    "case_file",
                    file.id(),
                    false);
        }
        // Also for content already on the case: sending it again is still the customer's answer.
        activity.answeredBy(
                author, ref, "The customer uploaded " + received.file().name() + ".");
        return received;
    }
}
