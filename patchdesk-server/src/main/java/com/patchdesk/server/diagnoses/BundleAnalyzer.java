package com.patchdesk.server.diagnoses;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Runs the diagnosis engine on a bundle on disk, giving up after {@code timeout}. */
interface BundleAnalyzer {

    Analysis analyze(Path bundle, Locale locale, Duration timeout) throws IOException, BundleRejectedException;

    /**
     * Starts analysing an upload while it is still being written to {@code growing}, of which the first {@code
     * readable} bytes are final ({@link ArrivingAnalysis#readable} tells more), when this analyzer can ({@link
     * ArrivingAnalysis}); null when it cannot. {@code name} is the upload's stored name; the analysis gives up when
     * nothing arrives for {@code idle}.
     */
    default ArrivingAnalysis startArriving(Path growing, long readable, String name, Locale locale, Duration idle)
            throws IOException {
        return null;
    }

    /**
     * A new empty file next to the analyses of uploads that arrive, for the copy of an upload to a store that keeps no
     * local file ({@link com.patchdesk.server.files.BlobStore.Growth#copyTo}); null when this analyzer cannot follow
     * uploads. Removed with the dead analyses' folders when the server starts.
     */
    default Path arrivingCopy() throws IOException {
        return null;
    }

    /**
     * Does ahead of the first bundle what the first analysis would otherwise wait for; false when there was nothing
     * to do. Called once, on a thread of its own, after the server has started ({@link AnalysisWarmUp}).
     */
    default boolean prepare(Duration timeout) throws IOException {
        return false;
    }

    /** The bundle cannot be diagnosed as it is (not readable as a whole, analysis too long); retrying will not help. */
    final class BundleRejectedException extends Exception {
        BundleRejectedException(String message) {
            super(message);
        }
    }
}
