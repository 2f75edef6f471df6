package com.patchdesk.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real small disk for the tests of a full one: a tmpfs of a given size mounted at a folder. They run as root here
 * and in CI (`.ci/run`); where this process may not mount, {@link #mount} answers false and the test is skipped.
 */
public final class SmallDisk {

    private SmallDisk() {}

    /** Mounts a tmpfs of {@code size} ({@code "6m"}) at {@code where}; false where mounting is not allowed. */
    public static boolean mount(Path where, String size) {
        try {
            Files.createDirectories(where);
            return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", where.toString());
        } catch (IOException | InterruptedException notAllowed) {
            return false;
        }
    }

    /** Unmounts it lazily: a server the test started may still hold a file on it open. */
    public static void unmount(Path where) throws IOException, InterruptedException {
        run("umount", "-l", where.toString());
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
    }
}
