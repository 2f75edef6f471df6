package com.patchdesk.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole command line of a process, for tests that look for the analysis children a server started. Java's
 * {@code ProcessHandle.Info.commandLine()} is empty for a command line as long as a child's class path on Linux, so
 * {@code /proc/PID/cmdline} is read where there is one.
 */
public final class CommandLines {

    private CommandLines() {}

    /** The arguments separated by spaces; empty when the process is gone or its command line cannot be read. */
    public static String of(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException gone) {
            return "";
        }
        return process.info().commandLine().orElse("");
    }
}
