package com.patchdesk.server.jobs;

import java.time.Duration;

/** Wakes idle workers of this process when a job is enqueued here, so they do not wait for the next poll. */
final class JobSignal {

    private long generation;

    synchronized void wake() {
        generation++;
        notifyAll();
    }

    synchronized void await(Duration timeout) throws InterruptedException {
        long seen = generation;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
