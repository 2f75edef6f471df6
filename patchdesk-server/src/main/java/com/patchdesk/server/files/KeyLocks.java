package com.patchdesk.server.files;

import java.util.stream.Stream;

/**
 * A lock per blob key (keys share one of a fixed number), for a store's "already there, written now" of a put and
 * the orphan sweep's "still old, deleted" to happen one after the other. Within this process only.
 */
final class KeyLocks {

    private final Object[] stripes = Stream.generate(Object::new).limit(256).toArray();

    Object of(String key) {
        return stripes[Math.floorMod(key.hashCode(), stripes.length)];
    }
}
