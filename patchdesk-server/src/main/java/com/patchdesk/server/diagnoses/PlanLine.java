package com.patchdesk.server.diagnoses;

/**
 * A fix step as one line of a plan or a draft reply: its text, then its command after a colon. The text's own full stop
 * goes ("Restart the computer: shutdown /r /t 0"), and a Chinese sentence takes the full-width colon ("重启计算机：shutdown
 * /r /t 0"), not "。: ".
 */
final class PlanLine {

    private PlanLine() {}

    static String of(String text, String command) {
        if (command == null || command.isBlank()) {
            return text;
        }
        String stripped = text.strip();
        boolean chinese = stripped.endsWith("。") || stripped.endsWith("：");
        while (stripped.endsWith(".") || stripped.endsWith("。") || stripped.endsWith(":") || stripped.endsWith("：")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped + (chinese ? "：" : ": ") + command;
    }
}
