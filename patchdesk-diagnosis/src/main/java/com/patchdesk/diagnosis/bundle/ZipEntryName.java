package com.patchdesk.diagnosis.bundle;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * The name of a zip entry as its author saw it. Zips made by Windows' "Send to compressed folder" store names in
 * the OEM code page without the UTF-8 flag (general purpose bit 11); on a Chinese system that is GBK, so
 * {@code 日志/CBS.log} would read as mojibake. A name without the flag or a Unicode path field is therefore
 * decoded as UTF-8 when its bytes are valid UTF-8 (7-Zip and most tools), else as GB18030 (a superset of GBK).
 */
final class ZipEntryName {

    private static final Charset GB18030 = Charset.forName("GB18030");

    private ZipEntryName() {}

    static String of(ZipArchiveEntry entry) {
        byte[] raw = entry.getRawName();
        if (raw == null
                || entry.getGeneralPurposeBit().usesUTF8ForNames()
                || entry.getNameSource() != ZipArchiveEntry.NameSource.NAME) {
            return entry.getName();
        }
        if (Utf8.isValid(raw, 0, raw.length)) {
            return new String(raw, StandardCharsets.UTF_8);
        }
        try {
            return GB18030.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return entry.getName();
        }
    }
}
