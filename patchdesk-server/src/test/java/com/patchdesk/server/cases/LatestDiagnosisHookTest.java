package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** When a feature provides a {@link LatestDiagnosis} bean, templates show its findings and plan. */
@DeskTest
class LatestDiagnosisHookTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class DiagnosisFromTheSeedCase {

        // Primary: the files/diagnoses feature also provides one; this test pins the template side alone.
        @Bean
        @Primary
        LatestDiagnosis latestDiagnosis() {
            return ref -> Optional.of(new DiagnosisSummary(
                    "正向差异应用失败 (0x800F0986)",
                    List.of("CBS.log:1234 PSFX_E_APPLY_FORWARD_DELTA_FAILED wkscli.dll"),
                    List.of("安装 KB5001342 (17763.1879)", "重新安装 KB5032196"),
                    Instant.parse(DeskTest.START)));
        }
    }

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseTemplates templates;

    @Test
    void theAnalysisUpdateShowsTheDiagnosisFindingsAndPlanInOrder() {
        CaseRef ref = fixtures.openCase(fixtures.organisation("Bank"));

        RenderedText text = templates.render(ref, TemplateName.ANALYSIS_UPDATE, "zh-CN", fixtures.engineer());

        assertThat(text.body())
                .contains("诊断结论：正向差异应用失败 (0x800F0986)")
                .contains("- CBS.log:1234 PSFX_E_APPLY_FORWARD_DELTA_FAILED wkscli.dll")
                .containsSubsequence("- 安装 KB5001342 (17763.1879)", "- 重新安装 KB5032196")
                .doesNotContain("暂时还没有日志诊断结果");
    }
}
