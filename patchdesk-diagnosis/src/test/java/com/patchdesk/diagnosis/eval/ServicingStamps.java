package com.patchdesk.diagnosis.eval;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * The timestamp CBS.log, CbsPersist_*.log and DISM.log put at the start of a line
 * ({@code 2023-11-20 10:22:33, Info  CBS ...}), found and moved in the log's bytes. A line is stamped as the engine's
 * servicing reader takes it: a date and time of 19 characters, then a comma. Everything but the stamp is kept byte
 * for byte: the byte-order mark, CRLF or LF line ends, continuation lines (no stamp, not moved), times quoted inside a
 * line's text ({@code Last boot time: 2020-01-31 09:47:32.508}), and the text in any encoding that keeps ASCII as
 * single bytes (UTF-8, GB18030).
 */
final class ServicingStamps {

    /** {@code 2023-11-20 10:22:33}. */
    static final int LENGTH = 19;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private ServicingStamps() {}

    /** The time of the first stamped line, if any. */
    static Optional<LocalDateTime> first(byte[] log) {
        for (int start = textStart(log); start < log.length; start = nextLine(log, start)) {
            LocalDateTime time = at(log, start);
            if (time != null) {
                return Optional.of(time);
            }
        }
        return Optional.empty();
    }

    /** The time of the last stamped line, if any. */
    static Optional<LocalDateTime> last(byte[] log) {
        LocalDateTime last = null;
        for (int start = textStart(log); start < log.length; start = nextLine(log, start)) {
            LocalDateTime time = at(log, start);
            if (time != null) {
                last = time;
            }
        }
        return Optional.ofNullable(last);
    }

    /** The log with every stamp moved by {@code by}: the same bytes but for the 19 of each stamp. */
    static byte[] shifted(byte[] log, Duration by) {
        byte[] moved = log.clone();
        for (int start = textStart(log); start < log.length; start = nextLine(log, start)) {
            LocalDateTime time = at(log, start);
            if (time != null) {
                byte[] stamp = STAMP.format(time.plus(by)).getBytes(StandardCharsets.US_ASCII);
                if (stamp.length != LENGTH) {
                    throw new IllegalArgumentException("a stamp moved out of four-digit years: " + time.plus(by));
                }
                System.arraycopy(stamp, 0, moved, start, LENGTH);
            }
        }
        return moved;
    }

    /** Whether the log starts with UTF-8's byte-order mark. */
    static boolean hasBom(byte[] log) {
        return textStart(log) == UTF8_BOM.length;
    }

    /** Where the text starts: after a UTF-8 byte-order mark. */
    static int textStart(byte[] log) {
        return log.length >= 3 && log[0] == UTF8_BOM[0] && log[1] == UTF8_BOM[1] && log[2] == UTF8_BOM[2] ? 3 : 0;
    }

    /** The stamp of the line starting at {@code start}, or null: no stamp, or an impossible date the engine ignores. */
    static LocalDateTime at(byte[] log, int start) {
        if (start + LENGTH >= log.length || log[start + LENGTH] != ',') {
            return null;
        }
        for (int i = 0; i < LENGTH; i++) {
            byte b = log[start + i];
            boolean fits = switch (i) {
                case 4, 7 -> b == '-';
                case 10 -> b == ' ';
                case 13, 16 -> b == ':';
                default -> b >= '0' && b <= '9';
            };
            if (!fits) {
                return null;
            }
        }
        try {
            return LocalDateTime.parse(new String(log, start, LENGTH, StandardCharsets.US_ASCII), STAMP);
        } catch (DateTimeException e) {
            return null; // 2023-02-30 10:00:00: the engine reads no time there either, so it stays as written
        }
    }

    private static int nextLine(byte[] log, int start) {
        for (int i = start; i < log.length; i++) {
            if (log[i] == '\n') {
                return i + 1;
            }
        }
        return log.length;
    }
}
