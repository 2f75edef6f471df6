package com.patchdesk.server.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads a received MIME message into an {@link InboundMail}, as much of it as can be read.
 *
 * <p>Mail comes from every client of the last twenty years and from anyone on the internet, so nothing here
 * throws for a damaged part: an unreadable part becomes a note on the mail and the rest is kept. Only mail that
 * cannot belong to anyone (no sender) or that is larger than the configured limit is rejected.
 */
final class InboundMailParser {

    /**
     * A message id: printable ASCII but for the angle brackets (RFC 5322 msg-id). Ids with other characters are not
     * taken: they come back in the threading headers of our replies, where a raw 8-bit byte was written as its low
     * byte ("上", E4 B8 8A, became a line feed) and split the header.
     */
    private static final Pattern ANGLE_ID = Pattern.compile("<(" + OutboundMessage.ID_CHARACTERS + "{1,250})>");

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");
    private static final int MAX_DEPTH = 16;
    private static final int MAX_PARTS = 200;

    private final MailProperties.Limits limits;

    InboundMailParser(MailProperties.Limits limits) {
        this.limits = limits;
    }

    /**
     * A session for reading received mail. Jakarta Mail reads most MIME leniency switches from system properties
     * (whose defaults already forgive a missing end boundary); what they do not forgive (damaged base64, broken
     * multiparts, unknown charsets) is repaired by this parser itself.
     */
    static Session lenientSession(Properties base) {
        Properties props = new Properties();
        props.putAll(base);
        props.put("mail.mime.address.strict", "false");
        return Session.getInstance(props);
    }

    /** The message as it would be sent (headers and body), e.g. to keep it whole and read it again later. */
    static byte[] bytes(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException unwritable) {
            throw new IllegalStateException("the received message could not be written out again", unwritable);
        }
    }

    /** Reads a message kept by {@link #bytes}. */
    InboundMail parse(byte[] kept) throws MailRejectedException {
        try {
            return parse(new MimeMessage(lenientSession(new Properties()), new java.io.ByteArrayInputStream(kept)));
        } catch (MessagingException unreadable) {
            throw new MailRejectedException("the kept message cannot be read again: " + unreadable.getMessage());
        }
    }

    InboundMail parse(MimeMessage message) throws MailRejectedException {
        List<String> notes = new ArrayList<>();
        long size = sizeOf(message);
        if (size > limits.maxMessage().toBytes()) {
            throw new MailRejectedException("message of " + size + " bytes exceeds the limit of "
                    + limits.maxMessage().toBytes() + " bytes");
        }
        InternetAddress from = sender(message);
        String messageId = messageId(header(message, "Message-ID"), notes);
        String dateHeader = header(message, "Date");
        Body body = new Body(notes);
        body.walk(message, 0);
        return new InboundMail(
                messageId,
                ids(header(message, "In-Reply-To")),
                ids(header(message, "References")),
                from.getAddress().toLowerCase(Locale.ROOT),
                displayName(from),
                recipients(message),
                subject(message),
                dateHeader == null ? null : singleLine(dateHeader),
                sentAt(dateHeader),
                body.text(),
                body.attachments,
                automated(message, from),
                notes,
                authenticationResults(message));
    }

    private static List<String> authenticationResults(MimeMessage message) {
        try {
            String[] values = message.getHeader("Authentication-Results");
            if (values == null) {
                return List.of();
            }
            List<String> headers = new ArrayList<>();
            for (String value : values) {
                headers.add(MimeUtility.unfold(value));
            }
            return headers;
        } catch (MessagingException unreadable) {
            return List.of();
        }
    }

    /**
     * Bounces, out-of-office replies and delivery reports (RFC 3834 {@code Auto-Submitted}, RFC 6522
     * {@code multipart/report}, the usual daemon senders): answering or opening cases for them makes mail loops.
     */
    private static boolean automated(MimeMessage message, InternetAddress from) {
        String autoSubmitted = header(message, "Auto-Submitted");
        if (autoSubmitted != null
                && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return true;
        }
        if (header(message, "X-Autoreply") != null || header(message, "X-Autorespond") != null) {
            return true;
        }
        String local =
                from.getAddress().substring(0, from.getAddress().indexOf('@')).toLowerCase(Locale.ROOT);
        if (local.equals("mailer-daemon") || local.equals("postmaster")) {
            return true;
        }
        try {
            return message.isMimeType("multipart/report");
        } catch (MessagingException unreadable) {
            return false;
        }
    }

    private static long sizeOf(MimeMessage message) {
        try {
            return message.getSize();
        } catch (MessagingException unknown) {
            return -1;
        }
    }

    /** Unfolded header text with raw 8-bit bytes (old clients) decoded; null when absent or unreadable. */
    private static String header(MimeMessage message, String name) {
        try {
            String raw = message.getHeader(name, ",");
            return raw == null ? null : rawBytesDecoded(MimeUtility.unfold(raw));
        } catch (MessagingException unreadable) {
            return null;
        }
    }

    /**
     * Jakarta Mail hands header bytes over as ISO-8859-1 characters; a subject written unencoded in GBK or UTF-8
     * (which some clients still do) is recovered here by looking at the bytes again.
     */
    private static String rawBytesDecoded(String header) {
        boolean eightBit = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c > 0xFF) {
                return header;
            }
            eightBit |= c >= 0x80;
        }
        return eightBit ? MailCharsets.guess(header.getBytes(StandardCharsets.ISO_8859_1)) : header;
    }

    private static String singleLine(String text) {
        return CONTROL.matcher(text).replaceAll(" ").strip();
    }

    private static String subject(MimeMessage message) {
        String raw = header(message, "Subject");
        if (raw == null) {
            return "";
        }
        // CR/LF smuggled inside an encoded word must never reach a header we write or a log line.
        String subject = singleLine(EncodedWords.decode(raw));
        return subject.length() > 900 ? subject.substring(0, 900) : subject;
    }

    private static InternetAddress sender(MimeMessage message) throws MailRejectedException {
        for (String name : new String[] {"From", "Sender", "Reply-To"}) {
            String raw;
            try {
                raw = message.getHeader(name, ",");
            } catch (MessagingException unreadable) {
                continue;
            }
            if (raw == null) {
                continue;
            }
            try {
                for (InternetAddress address : InternetAddress.parseHeader(MimeUtility.unfold(raw), false)) {
                    String value = address.getAddress();
                    if (value != null
                            && value.indexOf('@') > 0
                            && value.length() <= 320
                            && !CONTROL.matcher(value).find()) {
                        return address;
                    }
                }
            } catch (AddressException unparseable) {
                // try the next header
            }
        }
        throw new MailRejectedException("no usable sender address (From, Sender, Reply-To)");
    }

    /**
     * The sender's name decoded like the subject: {@code InternetAddress.getPersonal()} would read a "GB2312"
     * name with Java's GB2312 and lose every GBK-only character, so the name is taken as it was encoded.
     */
    private static String displayName(InternetAddress from) {
        String written = from.toString(); // the name as encoded in the header, then <address>
        int address = written.lastIndexOf('<');
        if (address <= 0) {
            return null;
        }
        String name = written.substring(0, address).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).replace("\\\"", "\"");
        }
        name = singleLine(rawBytesDecoded(EncodedWords.decode(name)));
        return name.isEmpty() ? null : name.length() > 200 ? name.substring(0, 200) : name;
    }

    private static List<String> recipients(MimeMessage message) {
        List<String> to = new ArrayList<>();
        String raw = header(message, "To");
        if (raw != null) {
            try {
                for (InternetAddress address : InternetAddress.parseHeader(raw, false)) {
                    if (address.getAddress() != null && to.size() < 50) {
                        to.add(singleLine(address.getAddress()).toLowerCase(Locale.ROOT));
                    }
                }
            } catch (AddressException unparseable) {
                // recipients are informational; the mailbox we read is what matters
            }
        }
        return to;
    }

    static String messageId(String header, List<String> notes) {
        if (header == null || header.isBlank()) {
            notes.add("no Message-ID; duplicates are recognised by sender, date, subject and body");
            return null;
        }
        Matcher m = ANGLE_ID.matcher(header);
        if (m.find()) {
            return "<" + m.group(1) + ">";
        }
        String bare = header.strip();
        if (!bare.isEmpty() && bare.length() <= 250 && bare.matches(OutboundMessage.ID_CHARACTERS + "+")) {
            return "<" + bare + ">";
        }
        notes.add("unusable Message-ID ignored; duplicates are recognised by sender, date, subject and body");
        return null;
    }

    private static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher m = ANGLE_ID.matcher(header);
            while (m.find() && ids.size() < 100) {
                ids.add("<" + m.group(1) + ">");
            }
        }
        return ids;
    }

    private static Instant sentAt(String dateHeader) {
        if (dateHeader == null) {
            return null;
        }
        try {
            Date date = new MailDateFormat().parse(dateHeader);
            return date == null ? null : date.toInstant();
        } catch (java.text.ParseException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Collects the text body and attachments while walking the MIME tree. */
    private final class Body {
        private final List<String> notes;
        private final StringBuilder plain = new StringBuilder();
        private String html;
        private final List<InboundAttachment> attachments = new ArrayList<>();
        private int parts;
        private boolean truncated;

        Body(List<String> notes) {
            this.notes = notes;
        }

        void walk(Part part, int depth) {
            if (++parts > MAX_PARTS || depth > MAX_DEPTH) {
                if (parts == MAX_PARTS + 1 || depth == MAX_DEPTH + 1) {
                    notes.add("MIME structure deeper or larger than accepted; remaining parts skipped");
                }
                return;
            }
            ContentType type = contentType(part);
            if (type.match("multipart/*")) {
                Multipart multipart = multipart(part, type);
                if (multipart != null) {
                    walkChildren(multipart, depth);
                    return;
                }
            }
            String fileName = fileName(part);
            boolean attached = fileName != null || isAttachmentDisposition(part);
            if (!attached && type.match("text/plain")) {
                appendPlain(text(part, type));
            } else if (!attached && type.match("text/html") && html == null) {
                html = text(part, type);
            } else if (!attached && type.match("multipart/*")) {
                // A multipart we could not split: keep whatever text it holds rather than nothing.
                appendPlain(text(part, type));
            } else {
                attach(part, type, fileName);
            }
        }

        private void walkChildren(Multipart multipart, int depth) {
            try {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    walk(child, depth + 1);
                }
            } catch (MessagingException broken) {
                notes.add("broken multipart structure; parts after the damage are missing: " + broken.getMessage());
            }
        }

        private Multipart multipart(Part part, ContentType type) {
            try {
                Object content = part.getContent();
                if (content instanceof Multipart multipart) {
                    multipart.getCount(); // forces parsing so damage shows here, not half-way through
                    return multipart;
                }
                return null;
            } catch (MessagingException | IOException | RuntimeException broken) {
                notes.add("multipart could not be split (" + broken.getMessage() + "); kept as text");
                return null;
            }
        }

        private void appendPlain(String text) {
            if (text.isBlank()) {
                return;
            }
            if (!plain.isEmpty()) {
                plain.append("\n\n");
            }
            plain.append(text);
        }

        private String text(Part part, ContentType type) {
            byte[] bytes = bytes(part, limits.maxTextChars() * 4L);
            if (bytes == null) {
                return "";
            }
            String charset = type.getParameter("charset");
            Optional<Charset> declared = MailCharsets.forLabel(charset);
            Optional<Charset> reading = MailCharsets.readWith(bytes, charset);
            if (charset != null && declared.isEmpty()) {
                notes.add("unknown charset \"" + singleLine(charset) + "\"; text decoded by guessing");
            } else if (declared.filter(StandardCharsets.UTF_8::equals).isPresent() && !reading.equals(declared)) {
                notes.add("text labelled " + singleLine(charset) + " is not; read as GB18030 (GBK)");
            }
            return MailCharsets.decode(bytes, reading);
        }

        private void attach(Part part, ContentType type, String fileName) {
            long limit = limits.maxAttachment().toBytes();
            String name = fileName != null
                    ? fileName
                    : "attachment-" + (attachments.size() + 1) + (type.match("message/rfc822") ? ".eml" : "");
            byte[] bytes = bytes(part, limit);
            if (bytes == null) {
                notes.add("attachment \"" + name + "\" could not be read and was not stored");
            } else if (bytes.length > limit) {
                notes.add("attachment \"" + name + "\" is larger than " + limit
                        + " bytes and was not stored; it remains in the mailbox");
            } else {
                attachments.add(new InboundAttachment(name, type.getBaseType().toLowerCase(Locale.ROOT), bytes));
            }
        }

        /** Decoded part bytes, at most {@code limit + 1} of them (so callers can tell "too large"). */
        private byte[] bytes(Part part, long limit) {
            try (InputStream in = decodedStream(part)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
                if (bytes.length > limit && !truncated) {
                    truncated = true;
                    notes.add("a part was longer than " + limit + " bytes and was cut");
                }
                return bytes;
            } catch (IOException damaged) {
                byte[] salvaged = salvageBase64(part, limit);
                if (salvaged != null) {
                    notes.add("damaged base64 in a part; the readable lines were kept");
                    return salvaged;
                }
                notes.add("unreadable part skipped: " + damaged.getMessage());
                return null;
            } catch (MessagingException | RuntimeException unreadable) {
                notes.add("unreadable part skipped: " + unreadable.getMessage());
                return null;
            }
        }

        /**
         * Base64 damaged by a gateway or a truncated upload: decodes line by line and skips the lines that are
         * not base64, so the text before (and after) the damage survives.
         */
        private byte[] salvageBase64(Part part, long limit) {
            try {
                if (!(part instanceof MimePart mime)
                        || !"base64"
                                .equalsIgnoreCase(
                                        String.valueOf(mime.getEncoding()).strip())) {
                    return null;
                }
                InputStream rawStream = part instanceof MimeMessage message
                        ? message.getRawInputStream()
                        : ((MimeBodyPart) part).getRawInputStream();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(rawStream, StandardCharsets.US_ASCII))) {
                    String line;
                    while ((line = lines.readLine()) != null && out.size() <= limit) {
                        try {
                            out.writeBytes(Base64.getMimeDecoder().decode(line.strip()));
                        } catch (IllegalArgumentException notBase64) {
                            // skip the damaged line, keep going
                        }
                    }
                }
                return out.toByteArray();
            } catch (IOException | MessagingException | RuntimeException unreadable) {
                return null;
            }
        }

        private InputStream decodedStream(Part part) throws MessagingException, IOException {
            try {
                return part.getInputStream();
            } catch (MessagingException | IOException unknownTransferEncoding) {
                notes.add("unknown transfer encoding; part kept as sent");
                if (part instanceof MimeMessage mime) {
                    return mime.getRawInputStream();
                }
                if (part instanceof MimeBodyPart mime) {
                    return mime.getRawInputStream();
                }
                throw unknownTransferEncoding;
            }
        }

        private ContentType contentType(Part part) {
            try {
                String raw = part.getContentType();
                return raw == null ? new ContentType("text/plain") : new ContentType(raw);
            } catch (MessagingException | RuntimeException unreadable) {
                notes.add("unreadable Content-Type; part treated as an attachment");
                try {
                    return new ContentType("application/octet-stream");
                } catch (ParseException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }

        private boolean isAttachmentDisposition(Part part) {
            try {
                String raw = part instanceof MimeMessage ? null : part.getDisposition();
                return Part.ATTACHMENT.equalsIgnoreCase(raw);
            } catch (MessagingException unreadable) {
                return false;
            }
        }

        /**
         * The part's file name: RFC 2231 parameters are decoded here ({@link Rfc2231Names}), others by Jakarta
         * Mail; RFC 2047 words (Outlook and
         * Foxmail still write them into {@code filename="=?GBK?B?...?="}) are decoded here. Path parts are cut
         * off, because a name from a mail must never choose where anything is written.
         */
        private String fileName(Part part) {
            String name;
            try {
                // An RFC 2231 name read by this parser first: Jakarta Mail reads a "gb2312" one as strict GB2312.
                name = Rfc2231Names.decode(headerOf(part, "Content-Disposition"), "filename")
                        .orElse(null);
                if (name == null) {
                    name = Rfc2231Names.decode(headerOf(part, "Content-Type"), "name")
                            .orElse(null);
                }
                if (name == null) {
                    name = part.getFileName();
                }
                if (name == null) {
                    String disposition = headerOf(part, "Content-Disposition");
                    name = disposition == null ? null : new ContentDisposition(disposition).getParameter("filename");
                }
            } catch (MessagingException | RuntimeException unreadable) {
                return null;
            }
            if (name == null) {
                return null;
            }
            name = singleLine(rawBytesDecoded(EncodedWords.decode(name)));
            name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
            if (name.isBlank() || name.equals(".") || name.equals("..")) {
                name = "attachment";
            }
            return name.length() > 200 ? name.substring(name.length() - 200) : name;
        }

        private String headerOf(Part part, String name) throws MessagingException {
            String[] values = part.getHeader(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        String text() {
            String text = !plain.isEmpty() ? plain.toString() : html != null ? htmlToText(html) : "";
            text = text.replace("\r\n", "\n").replace('\r', '\n').replace("\u0000", "");
            if (text.length() > limits.maxTextChars()) {
                notes.add("text cut to " + limits.maxTextChars() + " characters");
                text = text.substring(0, limits.maxTextChars());
            }
            return text.strip();
        }
    }

    /**
     * Writes each link's target after its text ({@code <a href="https://x">这里</a>} becomes {@code 这里 (https://x)}),
     * so that the engineer sees where a customer's "click here" points. Only http, https and mailto targets are
     * written, as text; anything else ({@code javascript:}, {@code data:}) is dropped with the element's markup.
     */
    private static void keepLinkTargets(Document document) {
        for (Element link : document.select("a[href]")) {
            String target = link.attr("href").strip();
            String text = link.text().strip();
            String scheme = target.contains(":")
                    ? target.substring(0, target.indexOf(':')).toLowerCase(Locale.ROOT)
                    : "";
            boolean shown = scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto");
            if (shown && !text.equals(target) && !text.equals(target.replaceFirst("(?i)^mailto:", ""))) {
                link.after(new org.jsoup.nodes.TextNode(" (" + target + ")"));
            }
            link.unwrap();
        }
    }

    /** Text of an HTML-only mail with paragraphs and line breaks kept and everything active dropped. */
    static String htmlToText(String html) {
        Document document = Jsoup.parse(html);
        document.select("script, style, head, template").remove();
        keepLinkTargets(document);
        for (Element block : document.select("p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, pre, table")) {
            block.prepend("\n");
            block.append("\n");
        }
        String text =
                document.body() == null ? document.wholeText() : document.body().wholeText();
        return text.replace('\u00a0', ' ')
                .replaceAll("[ \\t]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }
}
