package com.patchdesk.diagnosis.report;

import com.patchdesk.diagnosis.bundle.StandInFiles;
import com.patchdesk.diagnosis.knowledge.Localized;
import java.util.Locale;
import java.util.Optional;

/** The fixed words of the text and Markdown reports, in both languages. */
enum Labels {
    HEADING("Patchdesk diagnosis", "Patchdesk 诊断报告"),
    INPUT("Input", "输入"),
    OUTCOME("Outcome", "结论"),
    OS_BUILD("OS build", "系统版本"),
    CATALOG("Update catalog", "更新目录"),
    NEWER_THAN_CATALOG(
            "The machine's build is newer than the update catalog (newest known on its line: %s): KB names in the plan may be out of date; import a newer catalog (patchdesk catalog import)",
            "本机版本比更新目录更新（目录中此版本线最新为 %s）：方案中的 KB 可能已过时，请导入更新的目录（patchdesk catalog import）"),
    MACHINE("Machine", "计算机"),
    UNKNOWN("unknown", "未知"),
    FILES_READ("Files read", "已读取文件"),
    FILES_SKIPPED("Files skipped", "已跳过文件"),
    LINES_CUT(
            "Lines read only in part (longer than %,d characters; what follows is not seen)",
            "只读取了部分内容的行（超过 %,d 个字符，其后内容未读取）"),
    LINES_CUT_IN_FILE("%,d line(s)", "%,d 行"),
    EVENTS("Events", "事件"),
    BENIGN_SET_ASIDE(
            "Known-benign lines set aside: %,d of %d shape(s) (--benign lists them)",
            "已忽略已知无害的日志行：%,d 行，%d 种（--benign 可列出）"),
    BENIGN_LIST(
            "Known-benign lines set aside (routine on healthy machines; never findings)",
            "已忽略的已知无害日志行（健康计算机上的常规记录；不作为发现）"),
    NOT_KEPT("repeats not kept", "未保留的重复事件"),
    ATTEMPTS("Update attempts", "更新尝试"),
    LATEST_ROUND("Latest servicing round", "最近一次安装"),
    ROUNDS(
            "Servicing rounds, oldest first (%,d routine sessions that changed nothing not listed)",
            "安装轮次，按时间先后（另有 %,d 个未做任何更改的常规会话未列出）"),
    ROUND_COLUMNS("| start | client | target | result | code | cause |", "| 开始时间 | 发起方 | 目标 | 结果 | 错误代码 | 原因 |"),
    CAUSE("cause", "原因"),
    ATTEMPT_UNFINISHED("unfinished", "未完成"),
    ATTEMPT_COLUMNS("| time | phase | KB | outcome | code | source |", "| 时间 | 阶段 | KB | 结果 | 错误代码 | 来源 |"),
    FINDINGS("Findings (root cause first)", "发现（根本原因在前）"),
    /** The heading where nothing failed: what is listed (codes seen, an install) is no cause to look into. */
    FINDINGS_NO_FAILURE("Findings (none of them a failure; for reference)", "发现（均非失败，仅供参考）"),
    NO_FINDINGS("No failure found.", "未发现失败。"),
    NOTHING_TO_JUDGE("None: nothing was read to judge from.", "无：没有读取到可供判断的内容。"),
    FACTS("Facts", "事实"),
    MEANING("Meaning", "含义"),
    EVIDENCE("Evidence", "证据"),
    LINES("lines", "行"),
    MORE("%d more", "另有 %d 条"),
    EARLIER("%d earlier entries", "此前另有 %d 条"),
    FIX("Fix", "解决步骤"),
    CAUSES("Explains", "导致的问题"),
    HISTORY(
            "History (settled by a later install or repair, or followed by a later round)",
            "历史（已被之后的安装或修复解决，或之后已有新的安装轮次）"),
    TIMELINE("Timeline", "时间线"),
    SEVERITY_CRITICAL("critical", "严重"),
    SEVERITY_ERROR("error", "错误"),
    SEVERITY_WARNING("warning", "警告"),
    SEVERITY_INFO("info", "信息"),
    CONFIDENCE("confidence", "置信度"),
    CONFIDENCE_HIGH("high", "高"),
    CONFIDENCE_MEDIUM("medium", "中"),
    CONFIDENCE_LOW("low", "低"),
    OUTCOME_FAILURE_DIAGNOSED("failure diagnosed", "已诊断出失败原因"),
    OUTCOME_INSTALLED("the update installed; no failure remains", "更新已安装，无遗留失败"),
    ATTEMPT_SCAN("scan", "扫描"),
    ATTEMPT_DOWNLOAD("download", "下载"),
    ATTEMPT_INSTALL("install", "安装"),
    ATTEMPT_SUCCESS("success", "成功"),
    ATTEMPT_FAILURE("failure", "失败"),
    ATTEMPT_NOT_APPLICABLE("not-applicable", "不适用"),
    ATTEMPT_CANCELLED("cancelled", "已取消"),
    /** A round started by a command (DISM, SFC) rather than by a named servicing client. */
    ATTEMPT_COMMAND("command", "命令"),
    ATTEMPT_SETUP("Windows Setup", "Windows 安装程序"),
    ATTEMPT_STARTED("started", "已开始"),
    OUTCOME_NO_FAILURE_FOUND("no failure found", "未发现失败"),
    OUTCOME_HEALTHY(
            "healthy: nothing failed and the latest health checks found nothing left to repair",
            "健康：没有失败，最近的健康检查未发现需要修复的问题"),
    OUTCOME_NOTHING_READ("no log could be read; see the skipped files", "未能读取任何日志，请查看已跳过的文件");

    private final Localized text;

    Labels(String en, String zh) {
        this.text = new Localized(en, zh);
    }

    Localized text() {
        return text;
    }

    /** The text in {@code locale} with its {@code %d} placeholders filled, digits and separators as in ASCII. */
    String format(Locale locale, Object... args) {
        return String.format(Locale.ROOT, text.in(locale), args);
    }

    static Labels of(Severity severity) {
        return valueOf("SEVERITY_" + severity.name());
    }

    static Labels of(Confidence confidence) {
        return valueOf("CONFIDENCE_" + confidence.name());
    }

    /** An update attempt's phase or result word ("install", "failure") in {@code locale}; other words as they are. */
    static String attemptWord(String word, Locale locale) {
        for (Labels label : values()) {
            if (label.name().startsWith("ATTEMPT_")
                    && label.text.in(Locale.ENGLISH).equals(word)) {
                return label.text.in(locale);
            }
        }
        return word;
    }

    /**
     * Why the scan skipped a file, in {@code locale}: the scan states its reasons in English (the JSON report and the
     * server keep them so); the fixed ones and the fixed start of the others are said in Chinese here.
     */
    static String skipReason(String reason, Locale locale) {
        if (Locale.ENGLISH.getLanguage().equals(locale.getLanguage())) {
            return reason;
        }
        Optional<String> standIn = StandInFiles.standard().chinese(reason);
        if (standIn.isPresent()) {
            return standIn.get();
        }
        for (String[] r : SKIP_REASONS_ZH) {
            if (reason.equals(r[0])) {
                return r[1];
            }
            if ((r[0].endsWith(": ") || r[0].endsWith("(") || r[0].endsWith(" ")) && reason.startsWith(r[0])) {
                return r[1] + reason.substring(r[0].length());
            }
        }
        return reason;
    }

    private static final String[][] SKIP_REASONS_ZH = {
        {"no reader recognised this content", "无法识别此内容（不是已知的日志或输出格式）"},
        {"empty or blank file", "空文件或只有空白"},
        {"symbolic link, not followed", "符号链接，未跟随"},
        {"not a regular file", "不是普通文件"},
        {"encrypted (password-protected) zip entry", "加密（受密码保护）的 zip 条目"},
        {"empty zip archive (no files in it)", "空 zip 压缩包（其中没有文件）"},
        {"unsafe path (it points outside the bundle); not read", "不安全的路径（指向日志包之外）；未读取"},
        {"zip nested more than one level deep is not read", "嵌套超过一层的 zip 不予读取"},
        {"could not be read: ", "无法读取："},
        {"could not be listed: ", "无法列出："},
        {"could not be read to the end: ", "未能读到结尾（之前读到的内容已保留）："},
        {"cabinet could not be read to the end: ", "cabinet 文件未能读到结尾（之前的文件已保留）："},
        {"zip archive could not be closed cleanly: ", "zip 压缩包未能正常关闭："},
        {"not a readable zip archive: ", "不是可读取的 zip 压缩包："},
        {"the archive has more than ", "压缩包中的文件数超过上限："},
        {"zip entry uses an unsupported compression method (", "zip 条目使用了不支持的压缩方法（"},
        {"reader failed (", "读取器出错（"},
        {"cabinet data compressed with ", "cabinet 数据的压缩方式不受支持："},
        {"binary content", "二进制内容，不是文本"},
        {"an archive inside a cabinet is not read", "cabinet 中的压缩包不予读取"},
        {"cabinet ends early (cut short); the files before the cut were kept", "cabinet 文件不完整（被截断）；截断之前的文件已保留"},
        {"cabinet file continues from or into another cabinet; not read", "cabinet 文件跨越多个 cabinet；未读取"},
    };

    static Labels of(Outcome outcome) {
        return valueOf("OUTCOME_" + outcome.name());
    }
}
