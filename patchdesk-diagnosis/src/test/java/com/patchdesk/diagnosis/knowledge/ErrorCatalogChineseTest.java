package com.patchdesk.diagnosis.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Chinese of the 830 reference codes ({@code error-codes-reference.zh-CN.tsv}): every code has a row, the row is
 * Chinese, and what an engineer copies (codes, symbols, KB numbers, commands and their switches, log and file names)
 * is the English text's, unchanged.
 */
class ErrorCatalogChineseTest {

    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
    /**
     * Codes, ALL_CAPS symbols of 4+ characters with underscores, KB numbers, command switches ({@code /RestoreHealth},
     * {@code /Source:wim:}), file names ({@code CBS.log}, {@code wsusscn2.cab}) and registry paths.
     */
    private static final Pattern KEPT = Pattern.compile("0x[0-9A-Fa-f]{8}|\\b[A-Z][A-Z0-9]*_[A-Z0-9_]{2,}\\b|KB\\d+"
            + "|(?<![\\w/])/[A-Za-z][\\w:]*|[\\w-]+\\.(?:log|cab|edb|wim|xml|exe|mum|dll|inf|msu)\\b|HKLM\\\\[^ ;)]+");

    private static final String MARK_EN = "[gloss derived from symbol name]";
    private static final String MARK_ZH = "[释义由符号名推断]";

    private static Map<String, String[]> byCode(String resource, int columns) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String[] row : KnowledgeTable.rows(resource, columns)) {
            if (row[0].startsWith("0x")) {
                assertThat(rows.put(row[0], row))
                        .as("%s: %s twice", resource, row[0])
                        .isNull();
            }
        }
        return rows;
    }

    private final Map<String, String[]> english = byCode("error-codes-reference.tsv", 7);
    private final Map<String, String[]> chinese = byCode("error-codes-reference.zh-CN.tsv", 3);

    @Test
    void everyReferenceCodeHasAChineseRowAndNoRowNamesAnotherCode() {
        assertThat(english).hasSize(830);
        assertThat(chinese.keySet()).containsExactlyInAnyOrderElementsOf(english.keySet());
    }

    @Test
    void theChineseIsChineseAndKeepsWhatAnEngineerCopies() {
        List<String> faults = new ArrayList<>();
        english.forEach((code, en) -> {
            String[] zh = chinese.get(code);
            if (zh == null) {
                return; // counted by the coverage test
            }
            check(code, "meaning", en[4], zh[1], faults);
            check(code, "remedy", en[5], zh[2], faults);
            if (en[4].endsWith(MARK_EN) != zh[1].endsWith(MARK_ZH)) {
                faults.add(code + " meaning: the symbol-gloss marker is not carried over");
            }
        });
        assertThat(faults).isEmpty();
    }

    private static void check(String code, String column, String en, String zh, List<String> faults) {
        if (!CJK.matcher(zh).find()) {
            faults.add(code + " " + column + " has no Chinese: " + zh);
        }
        Matcher kept = KEPT.matcher(en);
        while (kept.find()) {
            if (!zh.contains(kept.group())) {
                faults.add(code + " " + column + " lost " + kept.group() + ": " + zh);
            }
        }
    }

    @Test
    void aChineseReportExplainsAReferenceOnlyCodeInChinese() {
        ErrorCatalog catalog = ErrorCatalog.standard();
        // 0x800F0983 (PSFX_E_MATCHING_COMPONENT_DIRECTORY_MISSING) is in the reference only, not in Patchdesk's own
        // table.
        assertThat(catalog.lookup("0x800F0983")).isEmpty();
        ErrorCode code = catalog.describe("0x800f0983").orElseThrow();
        assertThat(code.meaning().in(Localized.ZH_CN))
                .contains("WinSxS")
                .endsWith("(PSFX/Delta)")
                .containsPattern(CJK);
        assertThat(code.meaning().en()).startsWith("The base component exists in the registry");
        assertThat(code.remedy().in(Localized.ZH_CN))
                .contains("DISM /RestoreHealth")
                .containsPattern(CJK);
        assertThat(code.remedy().in(java.util.Locale.ENGLISH)).startsWith("Repair the component named in CBS.log");
    }
}
