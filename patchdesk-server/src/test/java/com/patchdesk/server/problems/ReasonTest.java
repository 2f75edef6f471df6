package com.patchdesk.server.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonTest {

    @Test
    void aValueAClientSentAsNullIsSaidAsNullNotAFailureOfItsOwn() {
        Reason reason = Reason.of("problem.mail.notAnAddress", (Object) null);

        assertThat(reason.args()).isEqualTo(List.of("null"));
        assertThat(reason.english()).contains("null");
    }

    @Test
    void argumentsAreTextsAndNumbersOnly() {
        assertThatIllegalArgumentException().isThrownBy(() -> Reason.of("problem.mail.notAnAddress", new Object()));
    }
}
