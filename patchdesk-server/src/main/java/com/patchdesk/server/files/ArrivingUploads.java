package com.patchdesk.server.files;

import com.patchdesk.server.cases.CaseRef;
import java.nio.file.Path;

/**
 * Something that reads an upload to a case while it is still arriving: the diagnosis, which then overlaps a large
 * upload instead of following it. {@link CaseUploads} asks every implementation about each upload; the files feature
 * knows nothing of what they do with it. An implementation's failures must stay its own: the upload goes on.
 */
public interface ArrivingUploads {

    /**
     * An upload named {@code name} (as it will be stored) is arriving on {@code ref}, {@code declaredBytes} long as its
     * sender says (-1 when it does not: a hint, the upload may end sooner or later); what is to be told how it goes,
     * or {@link Arrival#IGNORED}.
     */
    Arrival arriving(CaseRef ref, String name, long declaredBytes);

    /** One upload as it arrives: where its bytes are ({@link BlobStore.Growth}), then how it ended. */
    interface Arrival extends BlobStore.Growth {

        Arrival IGNORED = new Arrival() {
            @Override
            public void written(Path file, long bytes) {}

            @Override
            public void stored(CaseFile file) {}

            @Override
            public void dropped() {}
        };

        /**
         * Stored on the case as {@code file}, new content there; called before {@link FileUploaded} is published, so
         * the diagnosis it starts finds what was read so far.
         */
        void stored(CaseFile file);

        /** Not stored as a new file: it broke off, was too large, or the case had that content already. */
        void dropped();
    }
}
