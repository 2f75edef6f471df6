package com.patchdesk.server.diagnoses;

/**
 * Ends a child JVM whose server has gone. A server that is killed or restarted while an analysis runs cannot stop
 * its child; without this watch the child would run on until its own timeout, holding memory and a scratch folder
 * that nobody reads any more.
 */
final class ParentProcessWatch {

    /** The system property that names the server's process id. */
    static final String PARENT_PID = "patchdesk.parent-pid";
    /** Exit status of a child that stopped because its server is gone (EX_TEMPFAIL: the job will run again). */
    static final int EXIT_ORPHANED = 75;

    private ParentProcessWatch() {}

    /** Starts watching the process named by {@link #PARENT_PID}, when it is set. */
    static void start() {
        String pid = System.getProperty(PARENT_PID);
        if (pid == null || pid.isBlank()) {
            return;
        }
        // A handle carries the process's start time, so a recycled pid is not mistaken for the server.
        ProcessHandle.of(Long.parseLong(pid.strip()))
                .ifPresentOrElse(server -> server.onExit().thenRun(ParentProcessWatch::stop), ParentProcessWatch::stop);
    }

    private static void stop() {
        // halt, not exit: the analysis threads may hold locks a shutdown would wait for, and nothing is to be saved.
        Runtime.getRuntime().halt(EXIT_ORPHANED);
    }
}
