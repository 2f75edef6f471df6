package com.patchdesk.server.diagnoses;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code patchdesk.diagnosis.*}.
 *
 * @param timeout   longest analysis of one bundle; the child JVM is killed after it
 * @param childHeap {@code -Xmx} of the child JVM that runs the analysis
 * @param scratch   folder for bundle copies and child output while a diagnosis runs (on the data disk)
 * @param warmUp    prepare the analysis children when the server has started (extract the server jar, record the
 *                  class archive) instead of in the first diagnosis; only when the server runs from its jar
 * @param warmWorkers analyse bundles under 512 MiB in worker JVMs that take many bundles one at a time
 *                    ({@link WarmAnalyzer}) instead of a new child JVM per bundle
 * @param arrivingFrom an upload still arriving gets an analysis child reading it as it comes
 *                     ({@link ArrivingDiagnoses}) once this much of it is written
 * @param arrivingAnalyses at most this many such children at once (each may use {@code childHeap}); 0: none,
 *                         every upload is analysed after it is stored
 * @param arrivingAffinity how long only this server's job workers may take the diagnosis of an upload its child
 *                         followed (several servers share the queue); after it any server's may
 * @param arrivingIdle a child whose upload has written nothing for this long is stopped, so that a paused upload does
 *                     not hold one of the {@code arrivingAnalyses}; the upload gets a new child if it goes on;
 *                     0 (or less): never stopped for that, only at {@code timeout}
 */
@ConfigurationProperties("patchdesk.diagnosis")
record DiagnosisProperties(
        Duration timeout,
        String childHeap,
        Path scratch,
        Boolean warmUp,
        Boolean warmWorkers,
        DataSize arrivingFrom,
        Integer arrivingAnalyses,
        Duration arrivingAffinity,
        Duration arrivingIdle) {

    DiagnosisProperties {
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
        childHeap = childHeap == null ? "512m" : childHeap;
        scratch = scratch == null ? Path.of("data", "tmp", "diagnosis") : scratch;
        warmUp = warmUp == null || warmUp;
        warmWorkers = warmWorkers == null || warmWorkers;
        arrivingFrom = arrivingFrom == null ? DataSize.ofMegabytes(64) : arrivingFrom;
        arrivingAnalyses = arrivingAnalyses == null ? 1 : arrivingAnalyses;
        arrivingAffinity = arrivingAffinity == null ? Duration.ofSeconds(30) : arrivingAffinity;
        arrivingIdle =
                arrivingIdle == null ? Duration.ofMinutes(1) : arrivingIdle.isNegative() ? Duration.ZERO : arrivingIdle;
    }
}
