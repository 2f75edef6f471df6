package com.patchdesk.server.diagnoses;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The timeline wording of a diagnosis, in the case's language (zh-CN or en). */
final class DiagnosisText {

    private final boolean chinese;

    DiagnosisText(Locale language) {
        this.chinese = "zh".equals(language.getLanguage());
    }

    String summary(String fileName, DiagnosisView view) {
        int total = view.findings().size();
        FindingChanges changes = view.changes();
        String delta = changes == null || changes.previousDiagnosisId() == null
                ? ""
                : chinese
                        ? "（新增 %d，仍存在 %d，已消失 %d）"
                                .formatted(
                                        changes.added().size(),
                                        changes.stillThere().size(),
                                        changes.fixed().size())
                        : " (%d new, %d still there, %d fixed)"
                                .formatted(
                                        changes.added().size(),
                                        changes.stillThere().size(),
                                        changes.fixed().size());
        return chinese
                ? "诊断完成：%s —— %d 项发现%s".formatted(fileName, total, delta)
                : "Diagnosis of %s: %d finding%s%s".formatted(fileName, total, total == 1 ? "" : "s", delta);
    }

    String body(DiagnosisView view) {
        StringBuilder text = new StringBuilder();
        if (view.message() != null) {
            text.append(view.message()).append('\n');
        }
        Locale locale = chinese ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        for (StoredFinding finding : view.findings()) {
            text.append("  ".repeat(finding.depth()))
                    .append("- [")
                    .append(finding.severity())
                    .append("] ")
                    .append(finding.title(locale))
                    .append('\n');
        }
        FindingChanges changes = view.changes();
        if (changes != null && !changes.fixed().isEmpty()) {
            text.append(chinese ? "已不再出现：" : "No longer found: ")
                    .append(titles(changes.fixed(), locale))
                    .append('\n');
        }
        return text.toString().strip();
    }

    /** Why a diagnosis whose worker died on its last allowed attempt failed ({@link AbandonedDiagnoses}). */
    String workerStopped() {
        return chinese
                ? "服务器在最后一次允许的尝试中停止；工程师可以重新运行诊断"
                : "the server stopped during its last allowed attempt; an engineer can run it again";
    }

    String failed(String fileName, String reason) {
        return chinese
                ? "无法诊断 %s：%s".formatted(fileName, reason)
                : "%s could not be diagnosed: %s".formatted(fileName, reason);
    }

    /**
     * A diagnosis the server failed to run (not the bundle's fault): shown to the customer, so it names no server
     * detail; the reason is in the server's log.
     */
    String failedOnTheServer(String fileName) {
        return chinese
                ? "无法诊断 %s：服务器处理时出错；工程师可以在服务器日志中查看原因并重新运行诊断".formatted(fileName)
                : ("%s could not be diagnosed: the server failed while analysing it; an engineer can see why in the"
                                + " server log and run the diagnosis again")
                        .formatted(fileName);
    }

    String nothingRead(String fileName, List<String> skipped) {
        String reasons = skipped.isEmpty()
                ? (chinese ? "文件为空" : "it is empty")
                : skipped.stream().limit(5).collect(Collectors.joining("; "));
        return chinese
                ? "未能从 %s 中读取任何日志：%s".formatted(fileName, reasons)
                : "No log could be read from %s: %s".formatted(fileName, reasons);
    }

    /** Lines were read from the bundle, but no file of it whole: the rest of it was damaged or left aside. */
    String partlyRead(String fileName, List<String> skipped) {
        String reasons = skipped.stream().limit(5).collect(Collectors.joining("; "));
        return chinese
                ? "只读取了 %s 的一部分，其余部分已损坏或无法读取，诊断可能不完整：%s".formatted(fileName, reasons)
                : ("Only part of %s could be read; the rest is damaged or unreadable, so the diagnosis may be"
                                + " incomplete: %s")
                        .formatted(fileName, reasons);
    }

    private static String titles(List<StoredFinding> findings, Locale locale) {
        return findings.stream().map(f -> f.title(locale)).collect(Collectors.joining("; "));
    }
}
