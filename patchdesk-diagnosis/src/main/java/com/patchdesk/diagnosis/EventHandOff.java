package com.patchdesk.diagnosis;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventSink;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands a scan's events, in batches and in order, to a thread of their own that gives them to {@code target} (the
 * evidence store and the attempt tracker), so that keeping evidence runs on the second core while the reader's thread
 * goes on analysing lines. On a dense log the store took a fifth of the reader's thread (JFR,
 * docs/performance-history.md, "Dense input"). The target sees the events in the order they were read, as a direct sink
 * would: reports do not change.
 */
final class EventHandOff implements EventSink {

    private static final int BATCH = 256;
    /**
     * Batches in flight at most: the reader waits when the store is this far behind. Few, so that events in flight
     * die young: with the launcher's 16 MB young generation, 32 batches of 512 kept so many alive across collections
     * that they were copied and promoted (GC log, docs/performance-history.md, "Dense input").
     */
    private static final int QUEUED = 4;

    private static final Event[] END = new Event[0];

    private final BlockingQueue<Event[]> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread consumer;
    private volatile Throwable failure;
    private Event[] batch = new Event[BATCH];
    private int size;

    EventHandOff(EventSink target) {
        consumer = new Thread(
                () -> {
                    try {
                        for (Event[] b = queue.take(); b != END; b = queue.take()) {
                            for (Event e : b) {
                                if (e == null) {
                                    break;
                                }
                                target.accept(e);
                            }
                        }
                    } catch (InterruptedException e) {
                        // Abandoned: the scan failed, nobody reads the target.
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    }
                },
                "patchdesk-evidence");
        consumer.setDaemon(true);
        consumer.start();
    }

    @Override
    public void accept(Event event) {
        batch[size++] = event;
        if (size == BATCH) {
            put(batch);
            batch = new Event[BATCH];
            size = 0;
        }
    }

    /** Waits until the target has taken every event; rethrows what it failed with. */
    void finish() {
        if (size > 0) {
            // The rest of the batch is null: the consumer stops there.
            put(batch);
        }
        put(END);
        try {
            consumer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the evidence was kept", e);
        }
        rethrowFailure();
    }

    /** Stops the thread without waiting for it: the scan failed and its events are not wanted. */
    void abandon() {
        consumer.interrupt();
    }

    private void put(Event[] b) {
        try {
            while (!queue.offer(b, 50, TimeUnit.MILLISECONDS)) {
                if (!consumer.isAlive()) {
                    rethrowFailure();
                    throw new IllegalStateException("the evidence thread stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing on events", e);
        }
    }

    private void rethrowFailure() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }
}
