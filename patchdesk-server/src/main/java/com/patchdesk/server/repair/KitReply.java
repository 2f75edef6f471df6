package com.patchdesk.server.repair;

import com.patchdesk.diagnosis.repair.RepairKit;
import java.util.Locale;
import java.util.stream.Collectors;

/** The draft reply that goes with a published repair kit, in the case's language: what it holds and the steps. */
final class KitReply {

    private KitReply() {}

    static String subject(Locale language) {
        return "zh".equals(language.getLanguage())
                ? "修复包：损坏组件的替换步骤"
                : "Repair kit: steps to replace the damaged components";
    }

    static String body(Locale language, RepairKit.Contents contents, String url) {
        String included =
                contents.included().stream().map(id -> "  - " + id.folder()).collect(Collectors.joining("\n"));
        String missing = contents.missing().stream()
                .map(id -> "  - " + id.folder()
                        + id.build().map(b -> " (build " + b + ")").orElse(""))
                .collect(Collectors.joining("\n"));
        if ("zh".equals(language.getLanguage())) {
            return "您好，\n\n根据最新的日志诊断，以下组件已损坏或缺失。我们已从相同版本的正常电脑准备了修复包：\n" + included
                    + "\n\n下载链接（14 天内有效，最多下载 5 次）：\n" + url
                    + "\n\n操作步骤：\n1. 下载并解压到问题电脑的一个文件夹（例如 C:\\PatchdeskKit）。\n"
                    + "2. 以管理员身份打开 PowerShell，进入该文件夹，运行：\n"
                    + "   powershell -NoProfile -ExecutionPolicy Bypass -File .\\repair.ps1\n"
                    + "   脚本会先备份现有组件，替换后恢复 TrustedInstaller 的所有权和权限，再运行 DISM /RestoreHealth 并检查结果。\n"
                    + "3. 重新安装更新，然后再运行一次日志收集命令上传新日志，我们会确认这一步是否有效。\n"
                    + (missing.isEmpty() ? "" : "\n以下组件尚未包含，需要一台版本号完全相同的正常电脑提供：\n" + missing + "\n")
                    + "\n谢谢！";
        }
        return "Hello,\n\nThe latest log diagnosis shows these components damaged or missing. We prepared a repair kit with "
                + "healthy copies from a machine of the same build:\n" + included
                + "\n\nDownload (valid for 14 days, at most 5 downloads):\n" + url
                + "\n\nSteps:\n1. Download the kit and unzip it into a folder on the affected computer (e.g. C:\\PatchdeskKit).\n"
                + "2. Open PowerShell as administrator in that folder and run:\n"
                + "   powershell -NoProfile -ExecutionPolicy Bypass -File .\\repair.ps1\n"
                + "   It backs up the present components, replaces them, gives ownership and permissions back to "
                + "TrustedInstaller, runs DISM /RestoreHealth and checks the result.\n"
                + "3. Install the update again, then run the log collector once more so that we can confirm the step worked.\n"
                + (missing.isEmpty()
                        ? ""
                        : "\nNot in this kit yet (a donor machine of exactly this build is needed):\n" + missing + "\n")
                + "\nThank you.";
    }
}
