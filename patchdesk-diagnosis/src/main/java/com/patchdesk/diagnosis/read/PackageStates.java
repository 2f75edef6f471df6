package com.patchdesk.diagnosis.read;

import java.util.Map;

/**
 * Package states under the names CBS uses in text. CBS also prints them as numbers
 * ({@code CurrentState:112}) and DISM on a Chinese system prints them translated ({@code 状态 : 已安装}).
 */
final class PackageStates {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("0", "Absent"),
            Map.entry("5", "Uninstall Pending"),
            Map.entry("16", "Resolving"),
            Map.entry("32", "Resolved"),
            Map.entry("48", "Staging"),
            Map.entry("64", "Staged"),
            Map.entry("80", "Superseded"),
            Map.entry("96", "Install Pending"),
            Map.entry("101", "Partially Installed"),
            Map.entry("112", "Installed"),
            Map.entry("128", "Permanent"),
            Map.entry("已安装", "Installed"),
            Map.entry("安装挂起", "Install Pending"),
            Map.entry("已暂存", "Staged"),
            Map.entry("已被取代", "Superseded"),
            Map.entry("卸载挂起", "Uninstall Pending"),
            Map.entry("不存在", "Absent"),
            Map.entry("已卸载", "Absent"),
            Map.entry("部分安装", "Partially Installed"),
            Map.entry("永久", "Permanent"));

    private PackageStates() {}

    /** The English name for a number or a translation; any other value as the log wrote it. */
    static String name(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return NAMES.getOrDefault(v, v);
    }
}
