package com.patchdesk.server.files;

import com.google.common.util.concurrent.Striped;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.config.DataFolder;
import com.patchdesk.server.config.DiskRoom;
import com.patchdesk.server.config.FreeSpaceFloorReached;
import com.patchdesk.server.problems.StorageFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import me.desair.tus.server.HttpMethod;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * The resumable end of an upload link: tus 1.0 (core, creation, termination, checksum, expiration) at
 * {@code /u/{id}/{token}/files}, served by the tus-java-server library. Parts of an upload wait in a scratch folder
 * owned by the link ({@code ownerKey}), so one link cannot touch another's uploads; a completed upload goes into the
 * blob store through {@link CaseUploads} (timeline entry, diagnosis), its assembled parts moved rather than written
 * again where the store keeps local files ({@link BlobStore#adopt}), and its scratch folder is deleted.
 * Every refusal of the link itself is the same plain 404, and no answer names the case.
 *
 * <p>A large upload is analysed while it arrives, as one sent in a single request is ({@link ArrivingUploads}): after
 * each part the server accepted, what follows the upload is told how many of its bytes are final in the scratch copy
 * (the offset the answer gives; a part whose checksum fails is taken back by the library, so the file may hold more
 * for a moment). The parts of one upload may come through several requests, minutes apart, even after a restart of
 * the server (then a new follower reads the copy from its start); what follows them ends with the upload: stored,
 * terminated, refused by the link, or expired. Each accepted part is also hashed ({@link PartsDigest}) once its answer
 * is sent, so that the completed upload is stored without reading it all again.
 */
@Controller
class TusUploads {

    private static final Logger log = LoggerFactory.getLogger(TusUploads.class);
    static final String ARRIVAL = "Uploaded through an upload link: ";
    private static final String COUNTER = "patchdesk.uploads.resumable";
    /**
     * The methods a request may name, for reading its method as the library does: {@code X-HTTP-Method-Override} when
     * it names one (tus clients behind proxies that refuse PATCH send POST with it), else the request's own. Read
     * otherwise, a creation sent as a PATCH passed the link's cap unchecked, and parts sent as POSTs were refused.
     */
    private static final Set<HttpMethod> EVERY_METHOD = EnumSet.allOf(HttpMethod.class);
    /**
     * How long an unfinished upload of a link that has all the uploads in progress it may have must have had nothing
     * before a new upload through the link replaces it ({@link #roomForAnother}).
     */
    static final Duration GIVES_WAY_AFTER = Duration.ofMinutes(10);
    /** How often a completed upload's info is tried while another request holds its lock, 100 ms apart. */
    private static final int LOCKED_ATTEMPTS = 30;

    /** 507, which the servlet API names no constant for. */
    private static final int INSUFFICIENT_STORAGE = 507;
    /**
     * How long a client refused for lack of room is asked to wait ({@code Retry-After}): room comes back when another
     * upload ends or an administrator frees space, in minutes rather than seconds.
     */
    static final Duration RETRY_FULL_AFTER = Duration.ofMinutes(2);

    private final DiskRoom room;
    private final UploadLinks links;
    private final CaseUploads uploads;
    private final CaseFiles files;
    private final CaseAccess access;
    private final TusFileUploadService tus;
    private final TusScratch scratch;
    private final MeterRegistry meters;
    /** Creations through one link, one at a time (by the link's id). */
    private final Striped<Lock> creations = Striped.lock(64);
    /** What follows each upload in progress that was told of its bytes, by the upload's id. */
    private final Map<String, Followed> following = new ConcurrentHashMap<>();
    /** The room each upload in progress holds in the data folder for what it still lacks, by the upload's id. */
    private final Map<String, DiskRoom.Reservation> reserved = new ConcurrentHashMap<>();

    TusUploads(
            UploadLinks links,
            CaseUploads uploads,
            CaseFiles files,
            CaseAccess access,
            FilesProperties settings,
            DataFolder data,
            DiskRoom room,
            ObjectProvider<MeterRegistry> meters) {
        this.links = links;
        this.room = room;
        // Counted without an actuator's registry too: the count is also the tests' view of which digest was taken.
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.uploads = uploads;
        this.files = files;
        this.access = access;
        String storage =
                data.dataDir().resolve("tmp").resolve("tus").toAbsolutePath().toString();
        this.scratch = new TusScratch(storage);
        this.tus = new TusFileUploadService()
                .withStoragePath(storage)
                // After the path (which sets its own): the same storage, that also says where an upload's bytes are.
                .withUploadStorageService(scratch)
                .withUploadUri("/u/[0-9]+/[A-Za-z0-9_-]+/files")
                .withMaxUploadSize(settings.maxUpload().toBytes())
                // A broken upload may be resumed for a day; after that its parts are removed.
                .withUploadExpirationPeriod(Duration.ofDays(1).toMillis())
                .disableTusExtension("concatenation");
    }

    @RequestMapping(
            path = {"/u/{id}/{token}/files", "/u/{id}/{token}/files/{upload}"},
            method = {
                RequestMethod.POST,
                RequestMethod.PATCH,
                RequestMethod.HEAD,
                RequestMethod.DELETE,
                RequestMethod.OPTIONS
            })
    void tus(
            @PathVariable String id,
            @PathVariable String token,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Optional<UploadLinks.Grant> grant =
                UploadLinkPaths.linkId(id).flatMap(linkId -> links.authorize(linkId, token));
        if (grant.isEmpty()) {
            UploadLinkPaths.notFound(response);
            return;
        }
        UploadLink link = grant.get().link();
        HttpMethod method = HttpMethod.getMethodIfSupported(request, EVERY_METHOD);
        if (method == HttpMethod.POST && !acceptableCreation(request, response, link)) {
            return;
        }
        if ((method == HttpMethod.HEAD || method == HttpMethod.PATCH) && answeredAsStored(link, request, response)) {
            return;
        }
        String owner = "link-" + link.id();
        if ((method == HttpMethod.HEAD || method == HttpMethod.PATCH)
                && storedOnRetry(grant.get(), request, response, owner)) {
            return;
        }
        if (method == HttpMethod.POST) {
            create(link, owner, request, response);
            return;
        }
        if (method == HttpMethod.PATCH && !roomForPart(request, response, owner)) {
            return;
        }
        tus.process(new DecodedBody(request), new PlainErrors(response), owner);
        if (response.getStatus() != HttpServletResponse.SC_NO_CONTENT) {
            return;
        }
        if (method == HttpMethod.PATCH) {
            accepted(grant.get(), request.getRequestURI(), owner, response);
        } else if (method == HttpMethod.DELETE) {
            uploadIdOf(request.getRequestURI()).ifPresent(this::stopFollowing);
        }
    }

    /**
     * A new upload, which reserves its whole length in the data folder ({@link DiskRoom#reserve}) from its creation on:
     * uploads admitted together must not fill the disk between them. Refused with 507 when that room is not there.
     */
    private void create(UploadLink link, String owner, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        long length = Long.parseLong(request.getHeader("Upload-Length").trim()); // checked by acceptableCreation
        ScratchGrowth growth = new ScratchGrowth(0);
        DiskRoom.Reservation reservation;
        try {
            reservation = room.reserve(length, growth);
        } catch (FreeSpaceFloorReached full) {
            full(response);
            return;
        }
        String uploadId = null;
        // One creation of a link at a time, so that two at once cannot both take its last place.
        Lock creating = creations.get(link.id());
        creating.lock();
        try {
            if (roomForAnother(link, owner, request.getRequestURI(), response)) {
                tus.process(new DecodedBody(request), new PlainErrors(response), owner);
                String location = response.getHeader("Location");
                if (response.getStatus() == HttpServletResponse.SC_CREATED && location != null) {
                    uploadId = uploadIdOf(location).orElse(null);
                }
            }
        } finally {
            creating.unlock();
            if (uploadId == null) {
                reservation.close();
            } else {
                growth.file = scratch.bytesOf(new UploadId(uploadId));
                reserved.put(uploadId, reservation);
            }
        }
    }

    /**
     * Whether a part may be written: its upload holds room for what it lacks (reserved at its creation, or now, for an
     * upload whose reservation ended: a restart of the server, nothing sent for a while), and that room is still free
     * (another program may have taken it). Otherwise 507 with {@code Retry-After}: the parts received stay, and the
     * same upload goes on once space is freed.
     */
    private boolean roomForPart(HttpServletRequest request, HttpServletResponse response, String owner)
            throws IOException {
        Optional<String> uploadId = uploadIdOf(request.getRequestURI());
        UploadInfo info = ownInfo(uploadId, owner);
        if (info == null || info.getLength() == null || !info.isUploadInProgress()) {
            return true; // the library answers for an upload that is not there, another link's, or not in progress
        }
        try {
            if (reserved.containsKey(uploadId.get())) {
                room.ensure(0);
            } else {
                ScratchGrowth growth = new ScratchGrowth(info.getOffset());
                growth.file = scratch.bytesOf(info.getId());
                DiskRoom.Reservation reservation = room.reserve(info.getLength() - info.getOffset(), growth);
                DiskRoom.Reservation earlier = reserved.putIfAbsent(uploadId.get(), reservation);
                if (earlier != null) {
                    reservation.close(); // another part of it reserved meanwhile
                }
            }
            return true;
        } catch (FreeSpaceFloorReached full) {
            full(response);
            return false;
        }
    }

    /** Gives back the room an upload held for what it still lacked: it ended, or was given up for a while. */
    private void release(String uploadId) {
        DiskRoom.Reservation reservation = reserved.remove(uploadId);
        if (reservation != null) {
            reservation.close();
        }
    }

    /**
     * Stores an upload that is complete in the scratch folder but not stored (its store was refused for lack of room
     * earlier, {@link #completeIfDone}), when its client asks where to resume or sends its last part again: answered
     * 204 with its full offset once stored, 507 again while there is still no room. A client must never be told an
     * upload is complete while it is not on the case.
     */
    private boolean storedOnRetry(
            UploadLinks.Grant grant, HttpServletRequest request, HttpServletResponse response, String owner)
            throws IOException {
        Optional<String> uploadId = uploadIdOf(request.getRequestURI());
        UploadInfo info = ownInfo(uploadId, owner);
        if (info == null || info.isUploadInProgress() || following.get(uploadId.get()) == Followed.ENDED) {
            // Not there (or another link's: the library answers 404), still arriving, or being stored right now.
            return false;
        }
        try {
            // Checked before the store is tried: each refused try would leave one more failed file on the case.
            files.ensureRoomToAdopt(scratch.bytesOf(info.getId()), info.getLength());
        } catch (FreeSpaceFloorReached stillFull) {
            full(response);
            return true;
        }
        completeIfDone(grant, info, request.getRequestURI(), owner, response);
        if (response.getStatus() == HttpServletResponse.SC_OK && !response.isCommitted()) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            response.setHeader("Tus-Resumable", "1.0.0");
            response.setHeader("Upload-Offset", Long.toString(info.getLength()));
            response.setHeader("Upload-Length", Long.toString(info.getLength()));
            response.setHeader("Cache-Control", "no-store");
        }
        return true;
    }

    /**
     * The info of the upload the request names, read without its lock, or null when there is none or it is another
     * link's: the id in a link's URL must reach only that link's uploads, as the library's own requests do.
     */
    private UploadInfo ownInfo(Optional<String> uploadId, String owner) throws IOException {
        UploadInfo info = uploadId.isEmpty() ? null : scratch.getUploadInfo(new UploadId(uploadId.get()));
        return info == null || !owner.equals(info.getOwnerKey()) ? null : info;
    }

    /**
     * Answers for an upload of this link that is stored and whose scratch copy is gone: complete, its offset its
     * length. A client that lost the answer to its last part (a connection broken while the server stored the upload)
     * asks where to resume, and the library, which no longer has the upload, would answer 404: the collector then told
     * the customer to send everything again.
     */
    private boolean answeredAsStored(UploadLink link, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<String> uploadId = uploadIdOf(request.getRequestURI());
        if (uploadId.isEmpty() || scratch.getUploadInfo(new UploadId(uploadId.get())) != null) {
            return false;
        }
        OptionalLong size = links.storedSize(link.id(), uploadId.get());
        if (size.isEmpty()) {
            return false;
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setHeader("Tus-Resumable", "1.0.0");
        response.setHeader("Upload-Offset", Long.toString(size.getAsLong()));
        response.setHeader("Upload-Length", Long.toString(size.getAsLong()));
        response.setHeader("Cache-Control", "no-store");
        return true;
    }

    /**
     * The upload's id as the library keeps it (a UUID in its canonical form) from a request's path, which may spell it
     * otherwise (upper case); empty when it names none.
     */
    private static Optional<String> uploadIdOf(String uri) {
        try {
            return Optional.of(
                    UUID.fromString(uri.substring(uri.lastIndexOf('/') + 1)).toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A part was accepted: the upload is complete, or what follows it is told how much of it is final. */
    private void accepted(UploadLinks.Grant grant, String uri, String owner, HttpServletResponse response)
            throws IOException {
        UploadInfo info = lockedInfo(uri, owner);
        if (info == null) {
            return;
        }
        if (!info.isUploadInProgress()) {
            completeIfDone(grant, info, uri, owner, response);
            return;
        }
        // This request's answer: what it made final. The upload's info may already count a later part's bytes
        // that its checksum has yet to confirm.
        long offset;
        try {
            offset = Long.parseLong(response.getHeader("Upload-Offset"));
        } catch (NumberFormatException e) {
            return;
        }
        String uploadId = info.getId().toString();
        Followed followed = following.computeIfAbsent(uploadId, id -> follow(grant, info));
        Path bytes = scratch.bytesOf(info.getId());
        synchronized (followed) {
            if (followed.over || !Files.isRegularFile(bytes)) {
                return;
            }
            followed.arrival.written(bytes, offset);
        }
        // The sender has its answer before the part is hashed: it sends the next one meanwhile.
        response.flushBuffer();
        followed.digest.accepted(bytes, offset);
    }

    /**
     * The upload's info, read under its lock as the library reads it, or null when there is none. Another request of
     * the same upload may hold the lock a moment (a client's HEAD, a retried part); a completed upload whose info
     * could not be read would never be stored, so the read is tried again for a few seconds.
     */
    private UploadInfo lockedInfo(String uri, String owner) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return tus.getUploadInfo(uri, owner);
            } catch (TusException locked) {
                if (attempt == LOCKED_ATTEMPTS) {
                    log.warn("Could not read the upload {} after {} tries: {}", uri, attempt, locked.getMessage());
                    return null;
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the upload " + uri);
            }
        }
    }

    private Followed follow(UploadLinks.Grant grant, UploadInfo info) {
        CaseRef ref = access.resolve(CaseNumber.parse(grant.caseNumber())).orElseThrow();
        return new Followed(uploads.arriving(ref, nameOf(info), info.getLength()), false);
    }

    /** The upload ended other than stored: what followed it, if anything, is told so. */
    private void stopFollowing(String uploadId) {
        release(uploadId);
        Followed followed = endFollowing(uploadId);
        if (followed != null) {
            followed.end().dropped();
        }
    }

    /**
     * Nothing follows the upload from now on: its entry is replaced by {@link Followed#ENDED} (which the sweep removes
     * once the upload is gone), so that a request of it still finishing meanwhile (a part answered just before the
     * last) does not start following it again. The entry that was there, or null.
     */
    private Followed endFollowing(String uploadId) {
        Followed followed = following.put(uploadId, Followed.ENDED);
        return followed == Followed.ENDED ? null : followed;
    }

    /**
     * Whether the link may have another upload in progress: one more than the files it still takes (a sender that
     * starts again, the collector run anew after a broken upload), so that what its unfinished uploads hold in the
     * scratch folder stays within what the link accepts, that file more (files left + 1, × the most a file may have).
     * Where they are as many, the one least recently written gives way if nothing came for it for
     * {@link #GIVES_WAY_AFTER}; otherwise, or if it cannot be removed now, the creation is refused with 409.
     */
    private boolean roomForAnother(UploadLink link, String owner, String uri, HttpServletResponse response)
            throws IOException {
        List<TusScratch.InProgress> unfinished = scratch.inProgress(owner);
        int room = link.filesLeft() + 1 - unfinished.size();
        if (room > 0) {
            return true;
        }
        Instant stale = Instant.now().minus(GIVES_WAY_AFTER);
        List<TusScratch.InProgress> givingWay = unfinished.stream()
                .limit(1L - room)
                .filter(upload -> upload.lastWritten().isBefore(stale))
                .toList();
        boolean gaveWay = givingWay.size() == 1 - room;
        for (int i = 0; gaveWay && i < givingWay.size(); i++) {
            String id = givingWay.get(i).id().toString();
            // Removed under its lock: one that a request still holds (a part arriving after all) stays, and counts.
            gaveWay = deleteQuietly(uri + "/" + id, owner);
            if (gaveWay) {
                stopFollowing(id);
                log.info(
                        "the upload {} of link {} gave way to a new one: nothing came for it since {}",
                        id,
                        link.id(),
                        givingWay.get(i).lastWritten());
            }
        }
        if (gaveWay) {
            return true;
        }
        plain(
                response,
                HttpServletResponse.SC_CONFLICT,
                "This upload link already has " + unfinished.size() + " upload(s) in progress, for the "
                        + link.filesLeft() + " file(s) it still takes: resume one, remove one, or try again once one"
                        + " has had nothing for " + GIVES_WAY_AFTER.toMinutes() + " minutes\n");
        return false;
    }

    /** A new upload must state its length, within the link's cap; deferred lengths are not offered. */
    private static boolean acceptableCreation(HttpServletRequest request, HttpServletResponse response, UploadLink link)
            throws IOException {
        String length = request.getHeader("Upload-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared < 0) {
            plain(response, HttpServletResponse.SC_BAD_REQUEST, "Upload-Length is required\n");
            return false;
        }
        if (declared > link.maxBytes()) {
            response.setHeader("Tus-Max-Size", Long.toString(link.maxBytes()));
            plain(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "The file is larger than this link accepts (" + link.maxBytes() + " bytes)\n");
            return false;
        }
        return true;
    }

    private void completeIfDone(
            UploadLinks.Grant grant, UploadInfo info, String uri, String owner, HttpServletResponse response)
            throws IOException {
        String uploadId = info.getId().toString();
        release(uploadId); // complete: its bytes are all on the disk, and a store elsewhere checks its own room
        Followed followed = following.put(uploadId, Followed.ENDED);
        if (followed == Followed.ENDED) {
            // Completed by an earlier request (a client that sent its last part again), which stores it: not twice.
            return;
        }
        ArrivingUploads.Arrival arrival = followed == null ? null : followed.end();
        PartsDigest digest = followed == null ? null : followed.digest;
        if (!links.claim(grant.link().id(), uploadId)) {
            // The link's last file was taken by another upload meanwhile (or it was revoked): keep nothing.
            if (arrival != null) {
                arrival.dropped();
            }
            deleteQuietly(uri, owner);
            if (!response.isCommitted()) {
                plain(response, HttpServletResponse.SC_GONE, "This upload link takes no more files\n");
            }
            return;
        }
        CaseRef ref = access.resolve(CaseNumber.parse(grant.caseNumber())).orElseThrow();
        String name = nameOf(info);
        long max = grant.link().maxBytes();
        Path bytes = scratch.bytesOf(info.getId());
        boolean keep = false;
        boolean handedOver = Files.isRegularFile(bytes);
        try {
            CaseFiles.Received received;
            if (handedOver) {
                // The assembled parts are taken by the store as they are (moved, not written again); what follows
                // the upload is told by the store how it ended.
                ArrivingUploads.Arrival told = arrival == null ? ArrivingUploads.Arrival.IGNORED : arrival;
                arrival = null;
                BlobStore.Content known = digest == null ? null : digest.complete(bytes, info.getLength());
                countDigest(known == null ? "file" : "parts");
                received = uploads.receiveFile(ref, null, name, bytes, known, max, ARRIVAL, told);
            } else {
                // Not where TusScratch says the library keeps them: read through the library.
                try (InputStream content = tus.getUploadedBytes(uri, owner)) {
                    received = uploads.receive(ref, null, name, content, max, ARRIVAL, info.getLength());
                }
            }
            links.stored(uploadId, received.file().id());
        } catch (TusException e) {
            throw new IOException("the completed upload could not be read back: " + e.getMessage(), e);
        } catch (UploadFailedException | RuntimeException e) {
            if (!(e instanceof UploadFailedException) && !StorageFailures.full(e)) {
                throw e;
            }
            log.warn(
                    "Upload {} through link {} could not be stored: {}",
                    uploadId,
                    grant.link().id(),
                    e.getMessage());
            // Not stored: the link's file is given back, and the sender is told (the library had answered 204 with the
            // full offset, which the collector and the page took for success).
            links.unclaim(grant.link().id(), uploadId);
            // Refused for lack of room, the complete upload stays, to be stored when its client asks again
            // (storedOnRetry) or to expire as any upload left; any other failure: it is sent again whole.
            keep = StorageFailures.full(e) && keptForRetry(handedOver, bytes);
            if (keep) {
                following.remove(uploadId, Followed.ENDED);
            }
            if (!response.isCommitted()) {
                response.reset();
                if (keep) {
                    full(response);
                } else {
                    plain(
                            response,
                            e instanceof UploadFailedException failed && failed.tooLarge()
                                    ? HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE
                                    : HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                            "The file could not be stored: " + e.getMessage() + ". Send it again.\n");
                }
            }
        } finally {
            if (arrival != null) {
                arrival.dropped();
            }
            if (!keep) {
                deleteQuietly(uri, owner);
            }
        }
    }

    /**
     * Whether an upload whose store was refused can still be stored on a retry: not when the store had already taken
     * its bytes (moved them, on the same disk) before something else refused it (the database): kept, the upload would
     * have nothing left to store, and its client would be answered 500 for good instead of sending it again.
     */
    static boolean keptForRetry(boolean handedOver, Path bytes) {
        return !handedOver || Files.isRegularFile(bytes);
    }

    /**
     * Counts a completed upload by where its SHA-256 came from: {@code patchdesk.uploads.resumable{digest=parts}} when
     * taken part by part, {@code file} when the store hashes the assembled file (an upload in one part, a restart of
     * the server meanwhile, a read of a part that failed).
     */
    private void countDigest(String digest) {
        meters.counter(COUNTER, "digest", digest).increment();
    }

    /** How many completed uploads took their SHA-256 from {@code digest} ({@link #countDigest}) since the start. */
    long storedWithDigest(String digest) {
        return (long) meters.counter(COUNTER, "digest", digest).count();
    }

    /** Removes an upload's scratch copy; false (logged) when it could not be removed now. */
    private boolean deleteQuietly(String uri, String owner) {
        try {
            tus.deleteUpload(uri, owner);
            return true;
        } catch (IOException | TusException e) {
            log.warn("Could not remove the scratch copy of {}: {}", uri, e.getMessage());
            return false;
        }
    }

    private static String nameOf(UploadInfo info) {
        return info.getFileName() == null || info.getFileName().isBlank() ? "upload.bin" : info.getFileName();
    }

    /** Removes the parts of uploads nobody resumed within a day, and stops following them. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void removeAbandonedUploads() {
        try {
            tus.cleanup();
        } catch (IOException e) {
            log.warn("Could not remove abandoned uploads: {}", e.getMessage());
        }
        for (Map.Entry<String, Followed> entry : following.entrySet()) {
            // Read without the upload's lock, which a part arriving holds for as long as it takes: only an upload
            // that is surely gone stops being followed.
            UploadInfo info;
            try {
                info = scratch.getUploadInfo(new UploadId(entry.getKey()));
            } catch (IOException | RuntimeException unreadable) {
                continue;
            }
            if (info == null && following.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().end().dropped();
            }
        }
    }

    /**
     * Gives back the room of uploads that are gone (expired, removed) or had nothing for {@link #GIVES_WAY_AFTER}: a
     * client that went away must not keep others out of the disk. One that comes back reserves again at its next
     * part, and is refused with 507 (its parts kept) if the room went to others meanwhile.
     */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void releaseIdleReservations() {
        Instant idle = Instant.now().minus(GIVES_WAY_AFTER);
        for (String uploadId : reserved.keySet()) {
            Instant lastWritten;
            try {
                lastWritten = scratch.lastWritten(new UploadId(uploadId));
            } catch (RuntimeException unreadable) {
                continue;
            }
            if (lastWritten.isBefore(idle)) {
                release(uploadId);
            }
        }
    }

    /** How many uploads in progress hold room in the data folder now (for tests). */
    int reservations() {
        return reserved.size();
    }

    /**
     * The bytes of an upload on the disk since its reservation: {@code start} when it was taken (the offset it had),
     * read from its scratch file ({@code file}, set once the upload exists; a file being moved or removed counts as
     * nothing more written).
     */
    private static final class ScratchGrowth implements java.util.function.LongSupplier {

        private final long start;
        private volatile Path file;

        ScratchGrowth(long start) {
            this.start = start;
        }

        @Override
        public long getAsLong() {
            Path bytes = file;
            if (bytes == null) {
                return 0;
            }
            try {
                return Files.size(bytes) - start;
            } catch (IOException gone) {
                return 0;
            }
        }
    }

    /**
     * What follows one upload in progress, told under its lock: two requests for one upload may overlap here (a
     * client that retried a part while the server still finished the first), and it is not thread-safe.
     */
    private static final class Followed {
        /** An upload that was followed, or could have been, and has ended: not to be followed again. */
        static final Followed ENDED = new Followed(ArrivingUploads.Arrival.IGNORED, true);

        private final ArrivingUploads.Arrival arrival;
        /** The upload's SHA-256 as its parts are accepted (locked on its own: hashing waits for no telling). */
        private final PartsDigest digest = new PartsDigest();

        private boolean over;

        Followed(ArrivingUploads.Arrival arrival, boolean over) {
            this.arrival = arrival;
            this.over = over;
        }

        /** Nothing more is told of the bytes: the arrival, for how the upload ended. */
        synchronized ArrivingUploads.Arrival end() {
            over = true;
            return arrival;
        }
    }

    /**
     * The request as the library is to see it, without its {@code Transfer-Encoding}: Tomcat has decoded a chunked body
     * already, and the header made the library hash every part with all five of its checksum algorithms, in case a
     * checksum came in a trailer, which it cannot read where the container decodes the chunks (its own decoding is
     * off): seconds of CPU per GiB for nothing (docs/performance-history.md, "Twelfth pass"). A checksum in the
     * {@code Upload-Checksum} header is checked as before.
     */
    private static final class DecodedBody extends HttpServletRequestWrapper {

        DecodedBody(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return "Transfer-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }
    }

    /**
     * The library's refusals as plain answers with their status, as this class gives its own: an error sent the
     * servlet way went to Spring's error page, which cannot name tus's own statuses (a failed checksum, 460) and
     * answered 500 instead, as for a fault of the server.
     */
    private static final class PlainErrors extends HttpServletResponseWrapper {

        PlainErrors(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            plain((HttpServletResponse) getResponse(), status, (message == null ? "" : message) + "\n");
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }
    }

    /**
     * 507 with {@code Retry-After}: the storage is full for now (RFC 4918 §11.5; not 503, which says the whole service is
     * down, while notes, downloads and smaller uploads may still go). tus clients retry 5xx answers after a delay
     * (tus-js-client's retryDelays), the collector and the link's page keep the upload to resume, and whoever reads
     * {@code Retry-After} waits that long first.
     */
    private static void full(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", Long.toString(RETRY_FULL_AFTER.toSeconds()));
        plain(response, INSUFFICIENT_STORAGE, StorageFailures.FULL + "\n");
    }

    private static void plain(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setHeader("Tus-Resumable", "1.0.0");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
