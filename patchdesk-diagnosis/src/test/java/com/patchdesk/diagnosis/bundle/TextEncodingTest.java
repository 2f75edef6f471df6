package com.patchdesk.diagnosis.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextEncodingTest {

    private static final String CHINESE_DISM = "部署映像服务和管理工具\r\n版本: 10.0.17763.1\r\n\r\n可以修复组件存储。\r\n";

    @Test
    void utf8WithAndWithoutBom() {
        byte[] plain = "2023-11-20 10:21:33, Info CBS text\n".getBytes(StandardCharsets.UTF_8);
        assertThat(sniff(plain)).isEqualTo(new TextEncoding(TextEncoding.Family.UTF8_OR_GB18030, 0, null));
        assertThat(sniff(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, plain))
                        .bomLength())
                .isEqualTo(3);
    }

    @Test
    void utf16WithByteOrderMarks() {
        byte[] le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, CHINESE_DISM.getBytes(StandardCharsets.UTF_16LE));
        byte[] be = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, CHINESE_DISM.getBytes(StandardCharsets.UTF_16BE));

        TextEncoding leEncoding = sniff(le);
        assertThat(leEncoding.family()).isEqualTo(TextEncoding.Family.UTF16LE);
        assertThat(leEncoding.decodeHead(le, le.length)).isEqualTo(CHINESE_DISM);
        TextEncoding beEncoding = sniff(be);
        assertThat(beEncoding.family()).isEqualTo(TextEncoding.Family.UTF16BE);
        assertThat(beEncoding.decodeHead(be, be.length)).isEqualTo(CHINESE_DISM);
    }

    @Test
    void utf16WithoutBomIsRecognisedByItsZeroBytes() {
        byte[] le = "Beginning system scan.  This process will take some time.\r\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] be = "Beginning system scan.  This process will take some time.\r\n".getBytes(StandardCharsets.UTF_16BE);

        assertThat(sniff(le).family()).isEqualTo(TextEncoding.Family.UTF16LE);
        assertThat(sniff(be).family()).isEqualTo(TextEncoding.Family.UTF16BE);
    }

    @Test
    void gbkConsoleOutputIsReadableAndDecodesAsGb18030() {
        byte[] gbk = CHINESE_DISM.getBytes(Charset.forName("GBK"));

        TextEncoding encoding = sniff(gbk);
        assertThat(encoding.family()).isEqualTo(TextEncoding.Family.UTF8_OR_GB18030);
        assertThat(encoding.decodeHead(gbk, gbk.length)).isEqualTo(CHINESE_DISM);
    }

    @Test
    void aCharacterCutByTheEndOfTheHeadDoesNotMakeUtf8LookLikeGbk() {
        byte[] utf8 = CHINESE_DISM.getBytes(StandardCharsets.UTF_8);
        int cut = 4; // inside the second character

        assertThat(sniff(java.util.Arrays.copyOf(utf8, cut)).decodeHead(utf8, cut))
                .startsWith("部");
    }

    @Test
    void nulBytesThatAreNotUtf16AreBinary() {
        byte[] evtx = concat(
                "ElfFile".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 0, 0, 0, 1, 0, 0, 0, 7, 9, 0, 0, 0, 0, 1, 2, 3});

        assertThat(sniff(evtx).family()).isEqualTo(TextEncoding.Family.BINARY);
        assertThat(sniff(evtx).problem()).isEqualTo("binary content");
    }

    @Test
    void utf32AndUndecodableBytesAreUnknownEncodings() {
        byte[] utf32 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, "a".getBytes(Charset.forName("UTF-32LE")));
        byte[] garbage = {'a', 'b', (byte) 0xFF, (byte) 0xFF, (byte) 0x80, 'c', '\n'};

        assertThat(sniff(utf32).family()).isEqualTo(TextEncoding.Family.UNKNOWN);
        assertThat(sniff(garbage).family()).isEqualTo(TextEncoding.Family.UNKNOWN);
        assertThat(sniff(garbage).problem()).startsWith("unknown text encoding");
    }

    private static TextEncoding sniff(byte[] bytes) {
        return TextEncoding.sniff(bytes, bytes.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
