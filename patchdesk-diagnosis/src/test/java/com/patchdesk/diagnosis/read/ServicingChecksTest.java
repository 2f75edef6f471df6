package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate's table is made from the checks: every literal a check names lets a line through, alone where the check
 * says so and with a component identity where it counts only there. (Soundness against the analysis as a whole is
 * {@link ServicingGateTest}'s.)
 */
class ServicingChecksTest {

    private static final String INFO = "2023-11-20 10:21:31, Info                  CBS    ";
    private static final String COMPONENT = "amd64_microsoft-windows-wkscli_31bf3856ad364e35_10.0.17763.1_none_1";

    @Test
    void everyLiteralOfEveryCheckIsLookedForByTheGate() {
        List<ServicingChecks.Word> literals = ServicingChecks.literals(ServicingChecks.ALL);
        assertThat(literals)
                .extracting(ServicingChecks.Word::text)
                .contains("Loaded Servicing Stack v", "tate:", "Executing command line: ", "rror")
                .doesNotHaveDuplicates();
        for (ServicingChecks.Word w : literals) {
            // Padded with words that are in no check, so that the literal alone decides.
            String line = INFO + "zz " + w.text() + " zz";
            assertThat(admits(line)).as("%s alone", w.text()).isEqualTo(w.alone());
            assertThat(admits(line + " " + COMPONENT))
                    .as("%s with a component", w.text())
                    .isTrue();
        }
    }

    @Test
    void aLineWithNoWordOfAnyCheckIsTurnedDown() {
        assertThat(admits(INFO + "Perf: Resolve chain started.")).isFalse();
        assertThat(admits(INFO + "zz " + COMPONENT + " zz")).isFalse();
    }

    @Test
    void aLiteralNamedByTwoChecksHasOnePairAndAdmitsAloneIfEitherSaysSo() {
        ServicingChecks.Word orrupt = ServicingChecks.literals(ServicingChecks.SERVICING).stream()
                .filter(w -> w.text().equals("orrupt"))
                .findFirst()
                .orElseThrow();
        // The store check reads it alone; the component check only where a component is named.
        assertThat(orrupt.alone()).isTrue();
        assertThat(ServicingChecks.literals(ServicingChecks.SERVICING))
                .extracting(ServicingChecks.Word::text)
                .doesNotContain("Executing command line: ");
    }

    private static boolean admits(String line) {
        ServicingGate gate = new ServicingGate();
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return gate.admits(b, 0, b.length, gate.observe(b, 0, b.length));
    }
}
