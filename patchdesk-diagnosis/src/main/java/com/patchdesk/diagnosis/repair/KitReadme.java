package com.patchdesk.diagnosis.repair;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The README and MISSING texts of a repair kit, in zh-CN and en (the case's language first). */
final class KitReadme {

    private KitReadme() {}

    static String text(List<ComponentIdentity> included, List<ComponentIdentity> missing, Locale language) {
        String zh = """
                Patchdesk 修复包
                ================
                本修复包包含诊断中指出的损坏或缺失的组件（来自相同版本的正常电脑）：
                %s
                使用方法：
                1. 将整个 zip 解压到问题电脑的一个文件夹（例如 C:\\PatchdeskKit）。
                2. 以管理员身份打开 PowerShell，进入该文件夹，运行：
                   powershell -NoProfile -ExecutionPolicy Bypass -File .\\repair.ps1
                3. 脚本会先把现有的组件文件夹和清单备份到 C:\\PatchdeskBackup_<时间>，获取所有权后复制组件，
                   再把所有权和权限还给 TrustedInstaller，然后运行 DISM /RestoreHealth（以本修复包为来源）并再次检查组件存储。
                   Windows 7 / Server 2008 R2 没有 DISM /RestoreHealth：脚本复制组件后会提示运行系统更新准备工具（KB947821）。
                4. 脚本结束后请重新安装更新，并用日志收集命令再上传一次日志，我们会确认问题是否已解决。
                %s""".formatted(list(included), missing.isEmpty() ? "" : "\n本修复包缺少以下组件（见 MISSING.txt）。\n");
        String en = """
                Patchdesk repair kit
                ====================
                This kit holds the damaged or missing components the diagnosis named, from a healthy machine of the same build:
                %s
                How to use it:
                1. Unzip the whole kit into a folder on the affected computer (e.g. C:\\PatchdeskKit).
                2. Open PowerShell as administrator in that folder and run:
                   powershell -NoProfile -ExecutionPolicy Bypass -File .\\repair.ps1
                3. The script backs up the present component folders and manifests to C:\\PatchdeskBackup_<time>, takes
                   ownership, copies the components, gives ownership and permissions back to TrustedInstaller, runs
                   DISM /RestoreHealth with this kit as its source and checks the component store again.
                   Windows 7 / Server 2008 R2 have no DISM /RestoreHealth: after copying, the script says to run the
                   System Update Readiness Tool (KB947821) instead.
                4. Then install the update again and upload a new log bundle with the collector command, so that we can
                   confirm the fix.
                %s""".formatted(
                list(included), missing.isEmpty() ? "" : "\nSome components are not in this kit (see MISSING.txt).\n");
        return "zh".equals(language.getLanguage()) ? zh + "\n\n" + en : en + "\n\n" + zh;
    }

    static String missing(List<ComponentIdentity> missing, Locale language) {
        String rows = missing.stream()
                .map(id -> "- " + id.folder() + "  ("
                        + id.build().map(b -> "build " + b).orElse("version " + id.version()) + ", " + id.architecture()
                        + ")")
                .collect(Collectors.joining("\n"));
        String zh = "以下组件不在组件库中。需要一台版本号完全相同（见括号中的 build）的正常电脑提供：\n" + rows + "\n";
        String en =
                "These components are not in the library. A healthy donor machine must have exactly the build shown:\n"
                        + rows + "\n";
        return "zh".equals(language.getLanguage()) ? zh + "\n" + en : en + "\n" + zh;
    }

    private static String list(List<ComponentIdentity> ids) {
        return ids.isEmpty()
                ? "- (none / 无)"
                : ids.stream().map(id -> "- " + id.folder()).collect(Collectors.joining("\n"));
    }
}
