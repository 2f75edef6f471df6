package com.patchdesk.server.files;

import java.text.Normalizer;

/**
 * A file name as the client gave it, made safe to show and to send back in a header: no folders (it is never used
 * as a path anyway), no control characters, at most 255 characters. Chinese and other Unicode names are kept.
 */
record FileName(String value) {

    private static final int MAX = 255;

    static FileName of(String raw) {
        String name = raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "upload.bin";
        }
        if (name.length() > MAX) {
            int cut = Character.isLowSurrogate(name.charAt(MAX)) ? MAX - 1 : MAX;
            name = name.substring(0, cut);
        }
        return new FileName(name);
    }
}
