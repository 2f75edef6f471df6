package com.patchdesk.diagnosis.bundle;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A reader for Microsoft cabinets ({@code CbsPersist_*.cab}) whose folders are stored or MSZIP-compressed,
 * read front to back from a stream (header, folders, files, then the data blocks, the order makecab and
 * the Cabinet API write). MSZIP is raw deflate per 32 KiB block, each block starting with "CK" and using
 * the previous block's output as its dictionary. LZX and Quantum folders, and cabinets spanning several
 * files, are reported as not read. Commons-compress has no cabinet reader, hence this small one.
 */
final class Cabinet {

    /** What to do with each file of the cabinet. */
    interface Files {
        void file(String name, InputStream content) throws IOException;

        void skip(String name, String reason);
    }

    private static final int FLAG_PREVIOUS = 1;
    private static final int FLAG_NEXT = 2;
    private static final int FLAG_RESERVE = 4;
    private static final int BLOCK = 32 * 1024;

    private record Folder(long dataStart, int blocks, int compression) {}

    private record File(String name, long size, long offset, int folder) {}

    private Cabinet() {}

    static void read(InputStream raw, Files files) throws IOException {
        Position in = new Position(raw);
        if (in.u32() != 0x4643534DL) { // "MSCF"
            throw new IOException("not a cabinet (no MSCF signature)");
        }
        in.u32();
        in.u32(); // cabinet size
        in.u32();
        long filesAt = in.u32();
        in.u32();
        in.u8();
        in.u8(); // version
        int folderCount = in.u16();
        int fileCount = in.u16();
        int flags = in.u16();
        in.u16();
        in.u16(); // set id, index in set
        if ((flags & (FLAG_PREVIOUS | FLAG_NEXT)) != 0) {
            throw new IOException("cabinet spans several files; spanned cabinets are not read");
        }
        int folderReserve = 0;
        int dataReserve = 0;
        if ((flags & FLAG_RESERVE) != 0) {
            int headerReserve = in.u16();
            folderReserve = in.u8();
            dataReserve = in.u8();
            in.skipTo(in.position() + headerReserve);
        }
        List<Folder> folders = new ArrayList<>();
        for (int i = 0; i < folderCount; i++) {
            folders.add(new Folder(in.u32(), in.u16(), in.u16()));
            in.skipTo(in.position() + folderReserve);
        }
        in.skipTo(filesAt);
        List<File> entries = new ArrayList<>();
        for (int i = 0; i < fileCount; i++) {
            long size = in.u32();
            long offset = in.u32();
            int folder = in.u16();
            in.u16();
            in.u16();
            in.u16(); // date, time, attributes
            entries.add(new File(in.zeroTerminated(), size, offset, folder));
        }
        for (int f = 0; f < folders.size(); f++) {
            Folder folder = folders.get(f);
            int index = f;
            List<File> inFolder = entries.stream()
                    .filter(e -> e.folder() == index)
                    .sorted(Comparator.comparingLong(File::offset))
                    .toList();
            int type = folder.compression() & 0x0F;
            if (type != 0 && type != 1) {
                String method = type == 2 ? "Quantum" : type == 3 ? "LZX" : "method " + type;
                inFolder.forEach(e -> files.skip(e.name(), "cabinet data compressed with " + method + " is not read"));
                continue;
            }
            in.skipTo(folder.dataStart());
            FolderData data = new FolderData(in, folder.blocks(), dataReserve, type == 1);
            for (File entry : inFolder) {
                data.skipTo(entry.offset());
                files.file(entry.name(), new Bounded(data, entry.size()));
                data.skipTo(entry.offset() + entry.size());
            }
        }
        for (File entry : entries) {
            if (entry.folder() >= folders.size()) {
                files.skip(entry.name(), "cabinet file continues from or into another cabinet; not read");
            }
        }
    }

    /** Little-endian reads that remember how far into the cabinet they are; only forward moves. */
    private static final class Position {
        private final DataInputStream in;
        private long position;

        Position(InputStream in) {
            this.in = new DataInputStream(in);
        }

        long position() {
            return position;
        }

        int u8() throws IOException {
            position++;
            return in.readUnsignedByte();
        }

        int u16() throws IOException {
            return u8() | (u8() << 8);
        }

        long u32() throws IOException {
            return (u16() | ((long) u16() << 16)) & 0xFFFFFFFFL;
        }

        void read(byte[] into, int length) throws IOException {
            in.readFully(into, 0, length);
            position += length;
        }

        void skipTo(long target) throws IOException {
            if (target < position) {
                throw new IOException("cabinet layout points backwards; not read");
            }
            in.skipNBytes(target - position);
            position = target;
        }

        String zeroTerminated() throws IOException {
            byte[] name = new byte[256];
            int length = 0;
            for (int b = u8(); b != 0; b = u8()) {
                if (length == name.length) {
                    throw new IOException("cabinet file name longer than 255 bytes");
                }
                name[length++] = (byte) b;
            }
            // Names are UTF-8 when the cabinet says so and ASCII in practice for CBS; UTF-8 reads both.
            return new String(name, 0, length, StandardCharsets.UTF_8);
        }
    }

    /** The uncompressed bytes of one folder, block by block. */
    private static final class FolderData extends InputStream {
        private final Position in;
        private final int dataReserve;
        private final boolean mszip;
        private final byte[] compressed = new byte[BLOCK + 6144];
        private final byte[] window = new byte[BLOCK];
        private int blocksLeft;
        private int windowLength;
        private int windowPosition;
        private long position;
        private final Inflater inflater = new Inflater(true);

        FolderData(Position in, int blocks, int dataReserve, boolean mszip) {
            this.in = in;
            this.blocksLeft = blocks;
            this.dataReserve = dataReserve;
            this.mszip = mszip;
        }

        void skipTo(long target) throws IOException {
            if (target < position) {
                throw new IOException("cabinet files overlap; not read");
            }
            byte[] scratch = new byte[8192];
            while (position < target) {
                if (read(scratch, 0, (int) Math.min(scratch.length, target - position)) < 0) {
                    throw new EOFException("cabinet folder ends before its files do");
                }
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // A loop, not an if: a block may hold no bytes at all, and 0 must never be returned as "no data yet".
            while (windowPosition >= windowLength) {
                if (!nextBlock()) {
                    return -1;
                }
            }
            int n = Math.min(len, windowLength - windowPosition);
            System.arraycopy(window, windowPosition, b, off, n);
            windowPosition += n;
            position += n;
            return n;
        }

        private boolean nextBlock() throws IOException {
            if (blocksLeft == 0) {
                return false;
            }
            blocksLeft--;
            in.u32(); // checksum; zero when none, and the reader does not need it
            int compressedLength = in.u16();
            int uncompressedLength = in.u16();
            in.skipTo(in.position() + dataReserve);
            if (compressedLength > compressed.length || uncompressedLength > BLOCK) {
                throw new IOException("cabinet data block larger than 32 KiB");
            }
            in.read(compressed, compressedLength);
            if (!mszip) {
                System.arraycopy(compressed, 0, window, 0, compressedLength);
                windowLength = compressedLength;
            } else {
                windowLength = inflate(compressedLength, uncompressedLength);
            }
            windowPosition = 0;
            return true;
        }

        private int inflate(int compressedLength, int uncompressedLength) throws IOException {
            if (compressedLength < 2 || compressed[0] != 'C' || compressed[1] != 'K') {
                throw new IOException("MSZIP block without its CK signature");
            }
            byte[] history = windowLength > 0 ? java.util.Arrays.copyOf(window, windowLength) : null;
            inflater.reset();
            if (history != null) {
                inflater.setDictionary(history);
            }
            inflater.setInput(compressed, 2, compressedLength - 2);
            try {
                int total = 0;
                while (total < uncompressedLength && !inflater.finished()) {
                    int n = inflater.inflate(window, total, uncompressedLength - total);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    total += n;
                }
                if (total != uncompressedLength) {
                    throw new IOException("MSZIP block decompressed to " + total + " bytes, not " + uncompressedLength);
                }
                return total;
            } catch (DataFormatException e) {
                throw new IOException("damaged MSZIP block: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            inflater.end();
        }
    }

    /** One file's bytes inside its folder's stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the folder stream goes on to the next file
        }
    }
}
