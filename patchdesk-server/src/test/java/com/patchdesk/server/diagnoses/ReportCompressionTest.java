package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A report stored compressed reads back as the very text the engine wrote, and damaged bytes are told as such. */
class ReportCompressionTest {

    @Test
    void aReportReadsBackAsItWasWrittenChineseAndSupplementaryCharactersIncluded() {
        String report =
                "{\"title\":\"组件存储已损坏 — 0x800F0986 PSFX_E_APPLY_FORWARD_DELTA_FAILED\",\"note\":\"\uD801\uDC00\"}"
                        .repeat(2_000);
        byte[] packed = ReportCompression.pack(report);

        assertThat(ReportCompression.unpack(packed)).isEqualTo(report);
        assertThat(packed.length).isLessThan(report.getBytes(StandardCharsets.UTF_8).length / 20);
        assertThat(packed[0] & 0xff).isEqualTo(0x1f); // gzip, readable by any tool
        assertThat(packed[1] & 0xff).isEqualTo(0x8b);
        assertThat(ReportCompression.unpack(ReportCompression.pack(""))).isEmpty();
    }

    @Test
    void damagedBytesAreAnErrorNotAnotherReport() {
        byte[] packed = ReportCompression.pack("{\"outcome\":\"failure-diagnosed\"}".repeat(100));

        assertThatThrownBy(() -> ReportCompression.unpack(Arrays.copyOf(packed, packed.length / 2)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("a stored report cannot be read");
        assertThatThrownBy(() -> ReportCompression.unpack("not gzip".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UncheckedIOException.class);
    }
}
