package com.patchdesk.diagnosis.read;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The lines of a servicing log that {@link ServicingLogAnalysis} (and {@link DismLogReader}) can find something on,
 * told apart by their bytes in one pass. It admits a line when any check could fire there: it looks for the words of
 * every check of {@link ServicingChecks} (the literals there, at the byte pair each entry names, and by hand an error
 * code in the form {@link ErrorCodes} accepts, "failed to ", a version number, "Session: " at the start of the text),
 * every line of level Error (and the continuation lines that inherit it), and every line with a non-ASCII byte, since
 * the zh-CN phrases and GB18030 text are left to the full checks. A word that counts only where a component is named
 * (a failure word such as "rror") admits a line with a component identity. Every other line is turned down undecoded.
 *
 * <p>A continuation line inherits level and source from the last stamped line, which may have been turned down:
 * {@link #observe} keeps those of the last stamped line and hands them to {@link ServicingLogAnalysis} with each line.
 * For a stamped line the note is the line's own columns, so {@link #admits} knows where its text starts and looks at
 * the text alone, as the checks do. The columns of most lines repeat a few layouts byte for byte, so {@link #observe}
 * compares a line with the layouts it saw last before it parses one. What {@link #admits} says depends on nothing but
 * the line and its note (a part's gate may recall the line from what its reader remembered: the line's events are
 * then known, and a line known to give none is turned down), so it may run on any thread; an instance is used on one
 * thread at a time. One gate serves one file, or one part of it ({@link #part()}).
 */
final class ServicingGate implements LineGate {

    /** What to do where a literal is found. */
    private static final int ADMIT = 1;

    private static final int FAILURE_WORD = 2;

    /**
     * The literals of every check of {@link ServicingChecks}, each looked for at the pair of adjacent bytes its entry
     * names (its rarest in CBS.log text): a table indexed by the pair says which literal to compare, so most bytes
     * cost one table look-up. Index 0 stands for no literal.
     */
    private static final Literal[] LITERALS = literals();
    /** Codes past the literals: the words of {@link ServicingChecks.Kind} that are more than a comparison. */
    private static final int HEX_PREFIX = LITERALS.length;

    private static final int AIL = HEX_PREFIX + 1;
    private static final int VERSION = HEX_PREFIX + 2;
    private static final int NON_ASCII = HEX_PREFIX + 3;

    private static Literal[] literals() {
        List<ServicingChecks.Word> words = ServicingChecks.literals(ServicingChecks.ALL);
        Literal[] literals = new Literal[words.size() + 1];
        for (int k = 0; k < words.size(); k++) {
            ServicingChecks.Word w = words.get(k);
            literals[k + 1] = new Literal(w.text(), w.pair(), w.alone() ? ADMIT : FAILURE_WORD);
        }
        // The other kinds of word are looked for by hand below; a check may lean on each of them alone.
        for (ServicingChecks.Kind kind : List.of(
                ServicingChecks.Kind.CODE,
                ServicingChecks.Kind.FAILED_TO,
                ServicingChecks.Kind.VERSION,
                ServicingChecks.Kind.SESSION_START)) {
            if (!ServicingChecks.admitsAlone(ServicingChecks.ALL, kind)) {
                throw new IllegalStateException(
                        "no check admits a line on " + kind + " alone: the gate would be too wide");
            }
        }
        return literals;
    }

    /**
     * By a pair of bytes read as a little-endian short, {@code current << 8 | previous} (previous 0 for the first byte
     * of a line): 0, or what to check where the pair ends.
     */
    private static final byte[] PAIRS = new byte[1 << 16];

    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        if (NON_ASCII > Byte.MAX_VALUE) {
            throw new IllegalStateException("too many literals for the pair table");
        }
        for (int k = 1; k < LITERALS.length; k++) {
            Literal l = LITERALS[k];
            pair(l.text[l.pair], l.text[l.pair + 1], k);
        }
        pair('0', 'x', HEX_PREFIX);
        pair('0', 'X', HEX_PREFIX);
        pair('a', 'i', AIL);
        pair('V', 'e', VERSION);
        for (int previous = 0; previous < 0x100; previous++) {
            for (int c = 0x80; c < 0x100; c++) {
                PAIRS[c << 8 | previous] = (byte) NON_ASCII;
            }
        }
    }

    private static void pair(int first, int second, int code) {
        if (PAIRS[second << 8 | first] != 0) {
            throw new IllegalStateException("two literals share the pair " + (char) first + (char) second);
        }
        PAIRS[second << 8 | first] = (byte) code;
    }

    /** {@code text}, found by its bytes {@code pair} and {@code pair + 1}. */
    private record Literal(byte[] text, int pair, int action) {
        Literal(String text, int pair, int action) {
            this(text.getBytes(StandardCharsets.US_ASCII), pair, action);
        }
    }

    private static final byte[][] KEYWORDS = ascii("hresult", "hr", "error", "status", "result", "code", "gle");
    private static final byte[][] KNOWN =
            ascii("Info", "Error", "Warning", "Perf", "CBS", "CSI", "DISM", "DPX", "SR", "TI");
    private static final String[] KNOWN_TEXT = {
        "Info", "Error", "Warning", "Perf", "CBS", "CSI", "DISM", "DPX", "SR", "TI"
    };

    private static final byte[] SESSION = ascii("Session: ")[0];
    private static final byte[] AILED_TO = ascii("ailed to ")[0];
    private static final byte[] VERSION_WORD = ascii("Version")[0];
    private static final byte[] VERSION_10 = ascii("10.0.")[0];

    /** Where a stamped line's columns start: the comma after the timestamp. */
    private static final int COLUMNS_FROM = 19;
    /** How many column layouts {@link #observe} remembers: a log uses a handful (Info CBS, Info CSI, Error CBS...). */
    private static final int LAYOUTS = 8;

    /**
     * The lines the file's analysis remembered, told here by their bytes; null for none (the gate of the reader's own
     * thread, whose admitted lines the reader looks up itself).
     */
    private final RememberedLines remembered;
    /** The same for the gates of the file's parts ({@link #part()}). */
    private final RememberedLines forParts;
    /**
     * The remembered line {@link #admit} recognised on the line it admitted last, and that line's length, for
     * {@link #prepare}: a source prepares a line right after admitting it, on the same thread ({@link LineGate}).
     */
    private RememberedLines.Line recalled;

    private int recalledLength;

    /** What the lines so far leave to the next one: the columns of the last stamped line, if any. */
    private Carry carried;
    /** The column layouts of recent stamped lines, most recently seen first. */
    private final Carry[] layouts = new Carry[LAYOUTS];

    /**
     * For a stamped line, its own columns (level, source and where its text starts); for a continuation line, those of
     * the last stamped line before it: {@code null} when there was none yet. A {@link Carry} with a null level stands
     * for columns that are not ASCII (such a line is always admitted, so the reader has it).
     */
    @Override
    public Carry observe(byte[] b, int start, int end) {
        if (isStamped(b, start, end)) {
            carried = layout(b, start, end);
        } else {
            Carry fragment = fragment(b, start, end);
            if (fragment != null) {
                carried = fragment;
            }
        }
        return carried;
    }

    /**
     * A fresh gate: until its first stamped line it gives no note, and a continuation line's note is the columns of
     * the last stamped line, which is the note of the line before it.
     */
    @Override
    public LineGate part() {
        return new ServicingGate(forParts, forParts);
    }

    /** A gate that does not know the lines its reader remembers. */
    ServicingGate() {
        this(null, null);
    }

    private ServicingGate(RememberedLines remembered, RememberedLines forParts) {
        this.remembered = remembered;
        this.forParts = forParts;
    }

    /**
     * The gate of a file whose analysis remembers lines in {@code remembered}: the gates of its parts tell them by their
     * bytes ({@link #admit}, {@link #prepare}).
     */
    static ServicingGate forFile(RememberedLines remembered) {
        return new ServicingGate(null, remembered);
    }

    /**
     * For a repeat of a remembered line ({@link #admit}), the {@link RememberedLines.Line} whose events the reader gives
     * again. Otherwise the admitted line parsed ({@link ServicingLine#parse}) with the columns its note carries, the
     * hash of its text worked out: on a dense log parsing and hashing took a tenth of the reader's thread, which is the
     * busiest one; the threads that gate parts had time to spare. Null where the note carries no columns (not ASCII):
     * the reader parses such a line after the one before it.
     */
    @Override
    public Object prepare(String line, Object note) {
        RememberedLines.Line known = recalled;
        recalled = null;
        // The line admitted last: all ASCII, so as many characters as bytes.
        if (known != null && line.length() == recalledLength) {
            return known;
        }
        if (!(note instanceof Carry c) || c.line() == null) {
            return null;
        }
        ServicingLine own = c.parse(line);
        ServicingLine parsed = own != null ? own : ServicingLine.parse(line, c.line());
        // Cached in the String: the analysis looks the text up in what recent lines said.
        parsed.text().hashCode();
        return parsed;
    }

    @Override
    public boolean admits(byte[] b, int start, int end, Object note) {
        return admit(b, start, end, note) != 0;
    }

    /**
     * Whether the line is admitted and, for a line the checks look at by its words, which words of
     * {@link ServicingChecks} are on it ({@link ServicingChecks#bit}), so that the analysis runs only the checks of
     * those words. A line of level Error, with text that is not ASCII or with columns not known is
     * {@link LineGate#ADMITTED}: every check looks at it for itself.
     */
    @Override
    public long admit(byte[] b, int start, int end, Object note) {
        recalled = null;
        if (isStamped(b, start, end)) {
            // observe gave a stamped line its own columns as its note.
            Carry columns = note instanceof Carry c ? c : columns(b, start, end);
            if (columns.level() == null) {
                return ADMITTED;
            }
            int text = start + columns.textOffset();
            // A line that names a session as it begins or ends is never remembered: its session id is new.
            if (remembered != null && !at(b, text, end, text, SESSION) && columns.fits(b, start, end)) {
                RememberedLines.Line known = remembered.recall(columns.level(), columns.source(), b, start, text, end);
                if (known != null) {
                    if (known.emissions.length == 0) {
                        // The line says nothing the reader needs (it was analysed before): turned down, not decoded.
                        return 0;
                    }
                    // The reader gives the line's events again without the checks: what they look for is not needed.
                    recalled = known;
                    recalledLength = end - start;
                    return ADMITTED;
                }
            }
            // The checks look at the text after the columns only, as ServicingLogAnalysis does.
            return columns.error() ? ADMITTED : scan(b, text, end);
        }
        Carry fragment = fragment(b, start, end);
        if (fragment != null) {
            // A line quoted without its time has columns of its own, as ServicingLine reads it.
            return fragment.error() ? ADMITTED : scan(b, start + fragment.textOffset(), end);
        }
        // A continuation line has the level of the line it continues; an unknown one may be Error.
        boolean error = note instanceof Carry c && (c.level() == null || c.error());
        return error ? ADMITTED : scan(b, start, end);
    }

    /**
     * The columns of a stamped line: those of a recent line whose bytes from the comma after the timestamp to the
     * text are the same (most lines), or parsed.
     */
    private Carry layout(byte[] b, int start, int end) {
        for (int k = 0; k < LAYOUTS && layouts[k] != null; k++) {
            Carry c = layouts[k];
            if (c.fits(b, start, end)) {
                if (k > 0) {
                    System.arraycopy(layouts, 0, layouts, 1, k);
                    layouts[0] = c;
                }
                return c;
            }
        }
        Carry c = columns(b, start, end);
        // Only columns followed by text are a layout: those of a line cut short ("..., Err") end inside a word and
        // would fit every line that goes on from there.
        if (start + c.textOffset() < end) {
            System.arraycopy(layouts, 0, layouts, 1, LAYOUTS - 1);
            layouts[0] = c;
        }
        return c;
    }

    private static Carry columns(byte[] b, int start, int end) {
        int level = skipSpaces(b, start + 20, end);
        int levelEnd = word(b, level, end);
        int padded = skipSpaces(b, levelEnd, end);
        int source = afterErrorId(b, padded, end);
        // A line whose source column is blank (Setup's own lines): its text stands where the text column starts.
        int sourceEnd = source == padded && padded - start >= ServicingLine.TEXT_COLUMN ? source : word(b, source, end);
        int text = skipSpaces(b, sourceEnd, end);
        byte[] layout = Arrays.copyOfRange(b, start + COLUMNS_FROM, text);
        if (!isAscii(b, level, levelEnd) || !isAscii(b, source, sourceEnd)) {
            return new Carry(null, null, layout);
        }
        int l = known(b, level, levelEnd);
        int s = known(b, source, sourceEnd);
        return new Carry(
                l >= 0 ? KNOWN_TEXT[l] : new String(b, level, levelEnd - level, StandardCharsets.ISO_8859_1),
                s >= 0 ? KNOWN_TEXT[s] : new String(b, source, sourceEnd - source, StandardCharsets.ISO_8859_1),
                layout);
    }

    /**
     * The level and source of a stamped line, what a continuation line takes over from it, and the line's bytes from
     * the comma after the timestamp up to its text.
     */
    record Carry(String level, String source, ServicingLine line, byte[] layout, String layoutText, int textOffset) {
        Carry(String level, String source, byte[] layout) {
            this(
                    level,
                    source,
                    level == null ? null : ServicingLine.carrier(level, source),
                    layout,
                    new String(layout, StandardCharsets.ISO_8859_1),
                    COLUMNS_FROM + layout.length);
        }

        /**
         * The stamped line parsed, its columns known to be these ones: as {@link ServicingLine#parse} would read it,
         * without looking for the columns again (skipping their padding was a fifth of the part threads' time on a
         * dense log); null when the line's characters do not have these columns (or are no stamped line).
         */
        ServicingLine parse(String raw) {
            int to = COLUMNS_FROM + layoutText.length();
            if (level == null
                    || to > raw.length()
                    || !ServicingLine.isStamped(raw)
                    || !raw.startsWith(layoutText, COLUMNS_FROM)
                    || (to < raw.length() && (raw.charAt(to) == ' ' || raw.charAt(to) == '\t'))) {
                return null;
            }
            return new ServicingLine(raw, true, true, level, source, raw.substring(to));
        }

        boolean error() {
            return "Error".equals(level);
        }

        /**
         * Whether a stamped line has these columns: the same bytes up to the text, and the text starting right there
         * (so no longer word or wider padding).
         */
        boolean fits(byte[] b, int start, int end) {
            int from = start + COLUMNS_FROM;
            int to = from + layout.length;
            return to <= end
                    && Arrays.equals(b, from, to, layout, 0, layout.length)
                    && (to == end || (b[to] != ' ' && b[to] != '\t'));
        }
    }

    private static boolean isAscii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static final long SESSION_BIT = ServicingChecks.SESSION_BIT;
    private static final long CODE_BIT = bitOf(ServicingChecks.Kind.CODE);
    private static final long FAILED_TO_BIT = bitOf(ServicingChecks.Kind.FAILED_TO);
    private static final long VERSION_BIT = bitOf(ServicingChecks.Kind.VERSION);

    private static long bitOf(ServicingChecks.Kind kind) {
        return ServicingChecks.bit(ServicingChecks.Word.special(kind));
    }

    /**
     * The words of the checks on the text: 0 when none that decides alone is there (nor a failure word with a
     * component), else bit 0 and the bit of every word found, or {@link LineGate#ADMITTED} for text that is not ASCII.
     * The whole text is looked at, so that the analysis knows every word on it.
     */
    private static long scan(byte[] b, int start, int end) {
        long found = 0;
        boolean admit = false;
        boolean failureWord = false;
        // "Session: " counts only at the start of the text (after the level and source columns): looked at there
        // rather than at one of its pairs, which are common in every session's lines.
        if (at(b, start, end, start, SESSION)) {
            found |= SESSION_BIT;
            admit = true;
        }
        for (int i = nextPair(b, start, start, end); i < end; i = nextPair(b, start, i + 1, end)) {
            // At the start of a line the byte before counts as 0, as in nextPair.
            int code = PAIRS[(b[i] & 0xFF) << 8 | (i > start ? b[i - 1] & 0xFF : 0)];
            if (code < HEX_PREFIX) {
                Literal l = LITERALS[code];
                if (at(b, start, end, i - 1 - l.pair, l.text)) {
                    found |= ServicingChecks.literalBit(code - 1);
                    admit |= l.action == ADMIT;
                    failureWord |= l.action == FAILURE_WORD;
                }
            } else if (code == HEX_PREFIX) {
                if (code(b, start, end, i - 1)) {
                    found |= CODE_BIT;
                    admit = true;
                }
            } else if (code == AIL) {
                // "Failed to ", "failed to "; a bare "fail" counts only where a component is named.
                if (at(b, start, end, i - 1, AILED_TO)) {
                    found |= FAILED_TO_BIT;
                    admit = true;
                } else if (i + 1 < end && b[i + 1] == 'l') {
                    found |= FAILED_TO_BIT;
                    failureWord = true;
                }
            } else if (code == VERSION) {
                if (versionNumberFollows(b, i - 1, end)) {
                    found |= VERSION_BIT;
                    admit = true;
                }
            } else {
                // A non-ASCII byte: zh-CN phrases, GB18030 text; the full checks decide.
                return ADMITTED;
            }
        }
        // Components named where something failed; the identity is looked for only on lines with such a word,
        // as '_' is everywhere.
        return admit || (failureWord && hasToken(b, start, end, (byte) '_')) ? found | 1 : 0;
    }

    /**
     * Where the next pair of bytes that {@link #PAIRS} marks ends, or {@code end}. Kept apart from the checks so that
     * the loop every byte goes through stays small. The loop reads each pair as one little-endian short, the index of
     * {@link #PAIRS}: no byte is carried from one round to the next, which measured faster than carrying it; unrolling
     * the loop measured slower (see docs/performance.md).
     */
    private static int nextPair(byte[] b, int start, int from, int end) {
        int i = from;
        if (i == start && i < end) {
            // The first byte of a line has no byte before it (0, as in check).
            if (PAIRS[(b[i] & 0xFF) << 8] != 0) {
                return i;
            }
            i++;
        }
        for (; i < end; i++) {
            if (PAIRS[(short) SHORTS.get(b, i - 1) & 0xFFFF] != 0) {
                return i;
            }
        }
        return end;
    }

    /** A public key token between two {@code delimiter}s, as in {@code _31bf3856ad364e35_} of a component identity. */
    private static boolean hasToken(byte[] b, int start, int end, byte delimiter) {
        for (int i = start; i + 17 < end; i++) {
            if (b[i] == delimiter && b[i + 17] == delimiter && isHex(b, i + 1, i + 17)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@link ErrorCodes} takes the "0x" at {@code at} for a code: not inside a word, one to eight hex digits
     * ending the word, not all zero, after a keyword and at most four separators.
     */
    private static boolean code(byte[] b, int start, int end, int at) {
        if (at > start && isLetterOrDigit(b[at - 1])) {
            return false;
        }
        int digitsEnd = at + 2;
        boolean nonZero = false;
        while (digitsEnd < end && digitsEnd - at - 2 < 9 && isHexDigit(b[digitsEnd])) {
            nonZero |= b[digitsEnd] != '0';
            digitsEnd++;
        }
        int digits = digitsEnd - at - 2;
        if (!nonZero || digits > 8 || (digitsEnd < end && (isLetterOrDigit(b[digitsEnd]) || b[digitsEnd] == '_'))) {
            return false;
        }
        int keywordEnd = at;
        while (keywordEnd > start && at - keywordEnd < 4 && isSeparator(b[keywordEnd - 1])) {
            keywordEnd--;
        }
        for (byte[] keyword : KEYWORDS) {
            int from = keywordEnd - keyword.length;
            if (from >= start && equalsIgnoreCase(b, from, keyword) && (from == start || !isLetter(b[from - 1]))) {
                return true;
            }
        }
        return false;
    }

    /** "Version", blanks, an optional ':' or '=', blanks and "10.0.": what {@link OsBuilds} needs before its expression. */
    private static boolean versionNumberFollows(byte[] b, int at, int end) {
        if (!at(b, at, end, at, VERSION_WORD)) {
            return false;
        }
        int i = skipBlanks(b, at + VERSION_WORD.length, end);
        if (i < end && (b[i] == ':' || b[i] == '=')) {
            i = skipBlanks(b, i + 1, end);
        }
        return at(b, at, end, i, VERSION_10);
    }

    /**
     * The columns of a line quoted without its time ({@link ServicingLine#fragmentLevelAt}, on bytes: the columns and
     * what comes before them are ASCII), with where its text starts; null when the line is no such fragment. The first
     * byte decides for most lines: a continuation of a real log rarely starts with a blank, 'I', 'E', 'W' or a prefix.
     */
    static Carry fragment(byte[] b, int start, int end) {
        int i = start;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i >= end) {
            return null;
        }
        int level = fragmentColumnsAt(b, i, end) ? i : -1;
        if (level < 0) {
            level = fragmentAfterPrefix(b, i, end);
            if (level < 0) {
                return sourceOnly(b, start, i, end);
            }
        }
        int levelEnd = word(b, level, end);
        int source = afterErrorId(b, skipSpaces(b, levelEnd, end), end);
        int sourceEnd = word(b, source, end);
        int text = skipSpaces(b, sourceEnd, end);
        String l = FRAGMENT_LEVELS[oneOf(b, level, levelEnd, FRAGMENT_LEVELS)];
        String s = FRAGMENT_SOURCES[oneOf(b, source, sourceEnd, FRAGMENT_SOURCES)];
        return new Carry(l, s, ServicingLine.carrier(l, s), new byte[0], "", text - start);
    }

    /** As {@link ServicingLine#sourceOnlyAt}, on bytes: {@code CBS Failed to ...} quoted without time and level. */
    private static Carry sourceOnly(byte[] b, int start, int i, int end) {
        if (i >= end || b[i] != 'C') {
            return null;
        }
        int sourceEnd = word(b, i, end);
        int k = -1;
        for (int s = 0; s < SOURCE_ONLY_BYTES.length; s++) {
            if (regionIs(b, i, sourceEnd, SOURCE_ONLY_BYTES[s])) {
                k = s;
            }
        }
        int text = skipSpaces(b, sourceEnd, end);
        if (k < 0
                || text == sourceEnd
                || text >= end
                || !((b[text] >= 'A' && b[text] <= 'Z') || (b[text] >= '0' && b[text] <= '9'))) {
            return null;
        }
        String l = ServicingLine.SOURCE_ONLY_LEVEL;
        String s = ServicingLine.SOURCE_ONLY_SOURCES[k];
        return new Carry(l, s, ServicingLine.carrier(l, s), new byte[0], "", text - start);
    }

    private static final byte[][] SOURCE_ONLY_BYTES = ascii(ServicingLine.SOURCE_ONLY_SOURCES);

    /** As the prefix rules of {@link ServicingLine#fragmentLevelAt}: after the first ", ", or after date and time words. */
    private static int fragmentAfterPrefix(byte[] b, int i, int end) {
        int limit = Math.min(end - 1, i + ServicingLine.FRAGMENT_PREFIX);
        for (int j = i; j < limit; j++) {
            if (b[j] < 0) {
                break;
            }
            if (b[j] == ',' && b[j + 1] == ' ') {
                int at = skipSpaces(b, j + 1, end);
                return fragmentColumnsAt(b, at, end) ? at : -1;
            }
        }
        int j = i;
        for (int token = 0; token < 3; token++) {
            int wordEnd = word(b, j, end);
            if (wordEnd - i > ServicingLine.FRAGMENT_PREFIX || !isStampWord(b, j, wordEnd)) {
                return -1;
            }
            j = skipSpaces(b, wordEnd, end);
            if (fragmentColumnsAt(b, j, end)) {
                return j;
            }
        }
        return -1;
    }

    private static boolean isStampWord(byte[] b, int from, int to) {
        if (to - from == 2 && (b[from] == 'A' || b[from] == 'P') && b[from + 1] == 'M') {
            return true;
        }
        boolean digit = false;
        for (int k = from; k < to; k++) {
            byte c = b[k];
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '/' && c != ':' && c != '.' && c != '-' && c != '[' && c != ']' && c != 'T') {
                return false;
            }
        }
        return digit;
    }

    private static final String[] FRAGMENT_LEVELS = ServicingLine.FRAGMENT_LEVELS;
    private static final String[] FRAGMENT_SOURCES = ServicingLine.FRAGMENT_SOURCES;
    private static final byte[][] FRAGMENT_LEVEL_BYTES = ascii(FRAGMENT_LEVELS);
    private static final byte[][] FRAGMENT_SOURCE_BYTES = ascii(FRAGMENT_SOURCES);

    private static boolean fragmentColumnsAt(byte[] b, int i, int end) {
        if (i >= end) {
            return false;
        }
        byte first = b[i];
        if (first != 'I' && first != 'E' && first != 'W') {
            return false;
        }
        int levelEnd = word(b, i, end);
        if (levelEnd == end || oneOf(b, i, levelEnd, FRAGMENT_LEVELS) < 0) {
            return false;
        }
        int source = afterErrorId(b, skipSpaces(b, levelEnd, end), end);
        return oneOf(b, source, word(b, source, end), FRAGMENT_SOURCES) >= 0;
    }

    /** As {@link ServicingLine}'s: past an error id {@code [0x01803e]} between level and source, or {@code i}. */
    private static int afterErrorId(byte[] b, int i, int end) {
        if (i + 3 > end || b[i] != '[' || b[i + 1] != '0' || b[i + 2] != 'x') {
            return i;
        }
        int limit = Math.min(end, i + ServicingLine.ERROR_ID_LENGTH + 1);
        for (int k = i + 3; k < limit; k++) {
            if (b[k] == ']') {
                return skipSpaces(b, k + 1, end);
            }
        }
        return i;
    }

    private static int oneOf(byte[] b, int from, int to, String[] words) {
        byte[][] bytes = words == FRAGMENT_LEVELS ? FRAGMENT_LEVEL_BYTES : FRAGMENT_SOURCE_BYTES;
        for (int k = 0; k < bytes.length; k++) {
            if (regionIs(b, from, to, bytes[k])) {
                return k;
            }
        }
        return -1;
    }

    /** As {@link ServicingLine#isStamped}, on bytes: the positions checked are ASCII in every encoding read here. */
    static boolean isStamped(byte[] b, int start, int end) {
        return end - start >= 21
                && b[start + 4] == '-'
                && b[start + 7] == '-'
                && b[start + 10] == ' '
                && b[start + 13] == ':'
                && b[start + 16] == ':'
                && b[start + 19] == ','
                && isDigit(b[start])
                && isDigit(b[start + 3])
                && isDigit(b[start + 5])
                && isDigit(b[start + 18]);
    }

    /** Which of the usual levels and sources the word is, or -1. */
    private static int known(byte[] b, int from, int to) {
        for (int k = 0; k < KNOWN.length; k++) {
            if (regionIs(b, from, to, KNOWN[k])) {
                return k;
            }
        }
        return -1;
    }

    private static boolean regionIs(byte[] b, int from, int to, byte[] word) {
        if (to - from != word.length) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            if (b[from + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code literal} stands at {@code at}, inside {@code [start, end)}. */
    private static boolean at(byte[] b, int start, int end, int at, byte[] literal) {
        if (at < start || end - at < literal.length) {
            return false;
        }
        for (int k = 0; k < literal.length; k++) {
            if (b[at + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreCase(byte[] b, int at, byte[] lower) {
        for (int k = 0; k < lower.length; k++) {
            int c = b[at + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[k]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpaces(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int word(byte[] b, int i, int end) {
        while (i < end && b[i] != ' ' && b[i] != '\t') {
            i++;
        }
        return i;
    }

    /** What {@code \s} matches. */
    private static int skipBlanks(byte[] b, int i, int end) {
        while (i < end
                && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == 0x0B || b[i] == '\f' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean isHex(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isHexDigit(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isLetterOrDigit(byte c) {
        return isLetter(c) || isDigit(c);
    }

    private static boolean isSeparator(byte c) {
        return c == ' ' || c == '\t' || c == ':' || c == '=';
    }

    private static byte[][] ascii(String... words) {
        byte[][] bytes = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            bytes[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
