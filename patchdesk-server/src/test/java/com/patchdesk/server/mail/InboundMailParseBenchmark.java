package com.patchdesk.server.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.springframework.util.unit.DataSize;

/**
 * Prints how fast received mail is parsed and how much heap a large mail needs; figures, not a pass/fail test.
 * Run with {@code bench/mail-parse.sh}.
 */
final class InboundMailParseBenchmark {

    private static final List<String> FIXTURES = List.of(
            "gbk-subject-and-gb18030-body.eml",
            "attachments-with-chinese-file-names.eml",
            "html-only-body.eml",
            "subject-character-split-across-encoded-words.eml",
            "malformed-multipart-without-end-boundary.eml");

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int bigMb = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        InboundMailParser parser = new InboundMailParser(
                new MailProperties.Limits(DataSize.ofMegabytes(50), DataSize.ofMegabytes(25), 200_000));
        Session session = InboundMailParser.lenientSession(new Properties());

        byte[][] typical = new byte[FIXTURES.size()][];
        for (int i = 0; i < typical.length; i++) {
            try (InputStream in = InboundMailParseBenchmark.class.getResourceAsStream("/mail/" + FIXTURES.get(i))) {
                typical[i] = in.readAllBytes();
            }
        }
        for (int i = 0; i < rounds / 10; i++) { // warm-up
            parser.parse(new MimeMessage(session, new ByteArrayInputStream(typical[i % typical.length])));
        }
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            parser.parse(new MimeMessage(session, new ByteArrayInputStream(typical[i % typical.length])));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "typical Chinese mail: %d parsed in %.2f s = %.0f mails/s%n", rounds, seconds, rounds / seconds);

        byte[] big = mailWithAttachment(bigMb);
        resetPeaks();
        start = System.nanoTime();
        InboundMail mail = parser.parse(new MimeMessage(session, new ByteArrayInputStream(big)));
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "%d MB mail (one %d MB attachment, limit 25 MB): %.2f s, attachments stored %d, "
                        + "peak heap %d MB (max heap %d MB)%n",
                big.length >> 20,
                bigMb * 3 / 4,
                seconds,
                mail.attachments().size(),
                peakHeapMb(),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** A mail of about {@code mb} MB: a Chinese text part and one base64 attachment of random bytes. */
    private static byte[] mailWithAttachment(int mb) {
        byte[] content = new byte[mb * 1024 * 1024 * 3 / 4];
        new Random(17).nextBytes(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream(mb * 1024 * 1024 + 4096);
        out.writeBytes(("From: it@bank-example.cn\r\nSubject: =?UTF-8?B?"
                        + Base64.getEncoder().encodeToString("完整日志".getBytes(StandardCharsets.UTF_8)) + "?=\r\n"
                        + "Message-ID: <big@bank-example.cn>\r\nMIME-Version: 1.0\r\n"
                        + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n\r\n日志见附件。\r\n--b\r\n"
                        + "Content-Type: application/zip; name=\"CBS.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(Base64.getMimeEncoder().encode(content));
        out.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP)
                        .mapToLong(pool -> pool.getPeakUsage().getUsed())
                        .sum()
                >> 20;
    }

    private InboundMailParseBenchmark() {}
}
