package com.patchdesk.diagnosis.read;

/** Where readers put what they read. Readers stream: they never hold a whole file. */
@FunctionalInterface
public interface EventSink {
    void accept(Event event);
}
