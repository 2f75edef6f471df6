package com.patchdesk.diagnosis.repair;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Healthy components by their full identity: a folder laid out as WinSxS ({@link DirectoryLibrary}, for the command
 * line) or the server's content-addressed store.
 */
public interface ComponentLibrary {

    Optional<Component> find(ComponentIdentity identity) throws IOException;

    /** A stored component: its manifest and its files ({@code path} relative to the component folder, '\'). */
    record Component(ComponentIdentity identity, Content manifest, List<File> files) {
        public Component {
            files = List.copyOf(files);
        }
    }

    record File(String path, Content content) {}

    /** Opens the bytes of a stored file each time it is asked. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }
}
