package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saved console output of DISM ({@code /Cleanup-Image /CheckHealth|/ScanHealth|/RestoreHealth},
 * {@code /Get-Packages}, {@code /Add-Package}, {@code /Enable-Feature}, ...) and of its PowerShell cmdlets, in English,
 * zh-CN, Russian and the other languages whose phrases are listed here; with or without the banner (a ticket often
 * quotes only {@code Error: 0x800f0922} and what follows). Several runs may follow each other in one file; the
 * command, when the prompt line was saved too, names the operation, as do DISM's progress lines ({@code Processing 1
 * of 1 - Adding package X}, {@code Enabling feature(s)}). SFC's lines in the same file (a customer runs both and saves
 * one window) are read as {@link SfcConsoleReader} reads them.
 *
 * <p>A run that failed gives one {@link EventKind#TOOL_RUN} with result failure, the code, the operation and the package
 * or feature when stated: from DISM's closing {@code Error: N} line (with the message after it), or, where the output
 * stops before that line, from the last per-package error ({@code An error occurred - Package_for_RollupFix Error:
 * 0x8007371b}, an indented {@code  Error: 0x8007007f} under a package). Per-package errors are also
 * {@link EventKind#ERROR_CODE}s of their package. Codes printed in decimal ({@code Error: 14107}) are Win32 errors below
 * 0x10000 (0x8007371B) and HRESULTs above ({@code 2388526074} = 0x8E5E03FA).
 */
final class DismConsoleReader implements LogReader {

    /** The word DISM writes before a code, by language. */
    private static final String ERROR_WORDS =
            "Error|Ошибка|Помилка|错误|錯誤|Fehler|Erreur|Errore|Erro|Hata|Chyba|Błąd|Fout|Fel|Hiba|Feil|エラー|오류";

    private static final Pattern ERROR =
            Pattern.compile("^(\\s*)(?:" + ERROR_WORDS + ")\\s*[:：]\\s*(0[xX][0-9A-Fa-f]{1,8}|-?\\d{1,10})\\s*\\.?$");
    /**
     * A code and DISM's message for it on one line, as a ticket or a note quotes them: {@code 错误: 0x800f080c 功能名称
     * Microsoft-Windows-Subsystem-Linux 未知。}, {@code # Error: 0x800f080c Feature name X is unknown.}
     */
    private static final Pattern ERROR_WITH_MESSAGE = Pattern.compile(
            "^[\\s#>*]*(?:" + ERROR_WORDS + ")\\s*[:：]\\s*(0[xX][0-9A-Fa-f]{1,8}|-?\\d{1,10})\\s+(\\S.{2,})$");
    /** A code at the end of a line that says more before it: {@code An error occurred - Package_for_RollupFix Error: 0x8007371b}. */
    private static final Pattern INLINE_ERROR = Pattern.compile(
            "^(.*\\S)\\s+(?:" + ERROR_WORDS + ")\\s*[:：]\\s*(0[xX][0-9A-Fa-f]{1,8}|-?\\d{1,10})\\s*\\.?$");
    /** PowerShell: {@code Add-WindowsPackage failed. Error code = 0x800f081e}. */
    private static final Pattern CMDLET_FAILED = Pattern.compile(
            "\\b([A-Z][a-z]+-Windows[A-Za-z]+) failed\\. Error code = (0[xX][0-9A-Fa-f]{1,8}|-?\\d{1,10})\\b");
    /**
     * Server Manager's cmdlets ({@code Install-WindowsFeature}, {@code Add-WindowsFeature}) failing through DISM's API:
     * {@code The request to add or remove features on the specified server failed.} / {@code Installation of one or
     * more roles, role services, or features failed. Error: 0x800f0950}; the code may stand at the end of a wrapped
     * line ({@code ...LinkId=243077. Error: 0x800f081f}).
     */
    private static final Pattern SERVER_MANAGER_FAILURE =
            Pattern.compile("(?i)(?:request to add or remove features on the specified server failed"
                    + "|installation of one or more roles, role services, or features failed)");
    /** The features such a cmdlet was called with: {@code + Add-WindowsFeature RSAT-DNS-Server}, {@code -Name X,Y}. */
    private static final Pattern SERVER_MANAGER_CALL =
            Pattern.compile("(?i)\\b(?:Install|Add)-WindowsFeature(?:\\s+-Name)?\\s+(?![-@$])([A-Za-z][\\w\\-]*)");
    /** A script's own words about the feature it was installing: {@code Failed to activate Windows Feature 'X'}. */
    private static final Pattern QUOTED_FEATURE = Pattern.compile("(?i)\\bWindows Feature '([A-Za-z][\\w\\-]*)'");
    /** {@code Processing 1 of 1 - }, zh-CN {@code 正在处理 1 (共 1 个) - }. */
    private static final Pattern PROCESSING = Pattern.compile(
            "^\\s*(?:Processing \\d+ of \\d+|正在处理 \\d+\\s*\\(共 \\d+ 个\\)|Обработка \\d+ из \\d+|Verarbeitung \\d+ von \\d+|Traitement de \\d+ sur \\d+)\\s*-\\s*(.*)$");
    /** {@code Package_for_RollupFix: The specified image is no longer serviceable ...}: a package and what happened to it. */
    private static final Pattern PACKAGE_MESSAGE =
            Pattern.compile("^\\s*(?=[A-Za-z])([\\w.~\\-]*(?:Package|package)[\\w.~\\-]*):\\s+(.+)$");

    private static final Pattern NAMED_PACKAGE =
            Pattern.compile("\\b(?=[A-Za-z])([\\w\\-]*Package[\\w\\-]*(?:~[\\w.\\-]*){0,5})");
    private static final Pattern PACKAGE_IDENTITY =
            Pattern.compile("^\\s*(?:Package Identity|程序包标识|Удостоверение пакета)\\s*[:：]\\s*(\\S+)");
    private static final Pattern STATE = Pattern.compile("^\\s*(?:State|状态|Состояние)\\s*[:：]\\s*(.+?)\\s*$");
    private static final Pattern FEATURE_NAME =
            Pattern.compile("^\\s*(?:Feature Name|功能名称|Имя компонента)\\s*[:：]\\s*(\\S+)");
    private static final Pattern PROGRESS_BAR = Pattern.compile("^\\s*\\[=*\\s*\\d+(?:[.,]\\d+)?%\\s*=*\\]\\s*(?=\\S)");
    private static final Pattern KB_IN_PATH = Pattern.compile("(?i)(?<![a-z])kb(\\d{6,8})(?!\\d)");

    /** DISM's banner, in the languages known here. */
    private static final String[] BANNERS = {
        "Deployment Image Servicing and Management tool",
        "部署映像服务和管理工具",
        "部署映像服務與管理工具",
        "Cистема DISM",
        "Система DISM",
        "Tool zur Imageverwaltung für die Bereitstellung",
        "Outil Gestion et maintenance des images de déploiement",
        "Herramienta Administración y mantenimiento de imágenes de implementación",
    };
    /** DISM's closing lines (a failed run, the log's place), in the languages known here. */
    private static final String[] CLOSINGS = {
        "DISM failed. No operation was performed.",
        "The DISM log file can be found at",
        "Файл журнала DISM находится",
        "DISM 日志文件",
        "Die DISM-Protokolldatei",
        "Le fichier journal DISM se trouve",
        "El archivo de registro de DISM",
    };

    private static final String[] SUCCESS = {
        "The operation completed successfully",
        "操作成功完成",
        "操作已成功完成",
        "Операция успешно завершена",
        "Der Vorgang wurde erfolgreich beendet",
        "L'opération a réussi",
        "L’opération a réussi",
        "La operación se completó correctamente",
    };

    @Override
    public String format() {
        return "dism-console";
    }

    /**
     * DISM's banner or closing lines, a progress line, a code standing alone on an {@code Error:} line, or a DISM
     * cmdlet's failure.
     */
    @Override
    public boolean recognises(LogHead head) {
        for (String banner : BANNERS) {
            if (head.contains(banner)) {
                return true;
            }
        }
        for (String closing : CLOSINGS) {
            if (head.contains(closing)) {
                return true;
            }
        }
        return head.anyLine(l -> ERROR.matcher(l).find()
                || PROCESSING.matcher(l).find()
                || CMDLET_FAILED.matcher(l).find()
                || SERVER_MANAGER_FAILURE.matcher(l).find()
                || ERROR_WITH_MESSAGE.matcher(l).find());
    }

    @Override
    public int priority() {
        return 60;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        new Run(new LineEmitter(path, sink)).readAll(lines);
    }

    /**
     * The state of reading one file: the operation under way, its package or feature, an error waiting for its
     * message, and a per-package failure that stands for the run when DISM's closing error is missing.
     */
    private static final class Run {
        private final LineEmitter out;
        private String operation;
        private String feature;
        /** The run's {@code /Source}, when its command line was saved ({@link DismCommands#payloadSource}). */
        private String payloadSource;

        private String packageIdentity;
        private String addedPackage;
        /** The message DISM printed for the package being processed ({@code Package_X: The specified ...}). */
        private String packageMessage;

        private Facts pendingError;
        private String pendingLine;
        private long pendingNumber;
        /** The last per-package failure of this run that no TOOL_RUN has reported yet. */
        private Facts unreported;
        /** The per-package failures of this run by code, for the closing error to name the package that failed with it. */
        private final java.util.Map<String, Facts> packageFailures = new java.util.LinkedHashMap<>();

        private String unreportedLine;
        private long unreportedNumber;
        /** Whether this run's failure was reported (so "DISM failed." adds nothing). */
        private boolean failureReported;
        /** Whether Server Manager said this run failed: a code at the end of any line that follows is its code. */
        private boolean serverManagerFailed;

        Run(LineEmitter out) {
            this.out = out;
        }

        void readAll(LineSource lines) throws IOException {
            for (String line = lines.next(); line != null; line = lines.next()) {
                line(line, lines.number());
            }
            flushError(null);
            endRun();
        }

        private void line(String raw, long number) {
            // A saved console may have the progress bar and the next line on one line: "[====100.0%====] Error: 87".
            Matcher bar = PROGRESS_BAR.matcher(raw);
            String line = bar.find() ? raw.substring(bar.end()) : raw;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                return;
            }
            if (pendingError != null) {
                flushError(trimmed);
                return;
            }
            if (SfcConsoleReader.line(out, number, line)) {
                return;
            }
            // A ticket's sentence around the output states the machine's build ("fails on ... build 17763.1"), also
            // on the line that restates the command.
            String noted = OsBuilds.inNote(trimmed);
            if (noted != null) {
                out.emit(EventKind.OS_BUILD, number, line, null, new Facts().put(Fact.OS_BUILD, noted));
            }
            String lower = trimmed.toLowerCase(Locale.ROOT);
            if ((lower.contains("dism") && trimmed.indexOf('/') >= 0) || isCmdletCall(trimmed)) {
                String op = DismCommands.operation(trimmed);
                if (op != null) {
                    endRun();
                    operation = op;
                    feature = DismCommands.feature(trimmed);
                    payloadSource = DismCommands.payloadSource(trimmed);
                    String named = DismCommands.packageNamed(trimmed);
                    addedPackage = named == null ? null : packageName(named);
                    return;
                }
            }
            String build = OsBuilds.find(trimmed);
            if (build != null) {
                out.emit(EventKind.OS_BUILD, number, line, null, new Facts().put(Fact.OS_BUILD, build));
                return;
            }
            String health = StoreVerdicts.health(trimmed);
            if (health != null) {
                if (operation == null) {
                    operation = "/Cleanup-Image";
                }
                out.emit(
                        EventKind.STORE_HEALTH,
                        number,
                        line,
                        null,
                        StoreVerdicts.markRepaired(
                                new Facts().put(Fact.HEALTH, health).put(Fact.OPERATION, operation), trimmed));
                return;
            }
            if (isSuccess(trimmed)) {
                out.emit(
                        EventKind.TOOL_RUN,
                        number,
                        line,
                        null,
                        target(new Facts().put(Fact.OPERATION, operation).put(Fact.RESULT, "success")));
                unreported = null;
                return;
            }
            Matcher call = SERVER_MANAGER_CALL.matcher(trimmed);
            if (call.find()) {
                if (trimmed.startsWith("+") && unreported != null) {
                    // PowerShell's error record prints the call after the message ("+ Install-WindowsFeature X"):
                    // the failure already read is that feature's.
                    unreported.putIfAbsent(Fact.FEATURE, call.group(1));
                    return;
                }
                operation = "/Enable-Feature";
                feature = call.group(1);
                return;
            }
            Matcher quoted = QUOTED_FEATURE.matcher(trimmed);
            if (quoted.find()) {
                if (feature == null) {
                    feature = quoted.group(1);
                }
                if (unreported != null) {
                    unreported.putIfAbsent(Fact.FEATURE, quoted.group(1));
                }
            }
            if (SERVER_MANAGER_FAILURE.matcher(trimmed).find()) {
                serverManagerFailed = true;
                if (operation == null) {
                    operation = "/Enable-Feature";
                }
            }
            Matcher cmdlet = CMDLET_FAILED.matcher(trimmed);
            if (cmdlet.find()) {
                String op = DismCommands.cmdlet(cmdlet.group(1));
                if (op != null) {
                    operation = op;
                }
                Facts f = target(new Facts()
                        .put(Fact.OPERATION, operation)
                        .put(Fact.RESULT, "failure")
                        .put(Fact.CODE, code(cmdlet.group(2)))
                        .put(Fact.DETAIL, packageMessage));
                out.emit(EventKind.TOOL_RUN, number, line, null, f);
                failureReported = true;
                unreported = null;
                return;
            }
            Matcher error = ERROR.matcher(line);
            if (error.find()) {
                Facts f = new Facts()
                        .put(Fact.OPERATION, operation)
                        .put(Fact.RESULT, "failure")
                        .put(Fact.CODE, code(error.group(2)));
                if (!error.group(1).isEmpty() && (addedPackage != null || packageMessage != null)) {
                    // Indented under the package being processed: that package's error, not yet the run's.
                    packageError(f, line, number);
                    return;
                }
                pendingError = f;
                pendingLine = line;
                pendingNumber = number;
                return;
            }
            Matcher withMessage = ERROR_WITH_MESSAGE.matcher(trimmed);
            if (withMessage.find()) {
                pendingError = new Facts()
                        .put(Fact.OPERATION, operation)
                        .put(Fact.RESULT, "failure")
                        .put(Fact.CODE, code(withMessage.group(1)));
                pendingLine = line;
                pendingNumber = number;
                flushError(withMessage.group(2).strip());
                return;
            }
            Matcher inline = INLINE_ERROR.matcher(trimmed);
            if (inline.find() && (isFailureText(inline.group(1)) || serverManagerFailed)) {
                Matcher named = NAMED_PACKAGE.matcher(inline.group(1));
                if (named.find()) {
                    packageSeen(named.group(1));
                }
                packageError(
                        new Facts()
                                .put(Fact.OPERATION, operation)
                                .put(Fact.RESULT, "failure")
                                .put(Fact.CODE, code(inline.group(2))),
                        line,
                        number);
                return;
            }
            if (isClosingFailure(trimmed)) {
                if (!failureReported && unreported == null) {
                    out.emit(
                            EventKind.TOOL_RUN,
                            number,
                            line,
                            null,
                            target(new Facts()
                                    .put(Fact.OPERATION, operation)
                                    .put(Fact.RESULT, "failure")
                                    .put(Fact.DETAIL, trimmed)));
                    failureReported = true;
                }
                return;
            }
            Matcher processing = PROCESSING.matcher(trimmed);
            if (processing.find()) {
                packageMessage = null;
                progress(processing.group(1).strip());
                return;
            }
            Matcher message = PACKAGE_MESSAGE.matcher(trimmed);
            if (message.find()) {
                packageSeen(message.group(1));
                packageMessage = message.group(2).strip();
                return;
            }
            Matcher identity = PACKAGE_IDENTITY.matcher(trimmed);
            if (identity.find()) {
                packageIdentity = identity.group(1);
                if (operation == null) {
                    operation = "/Get-Packages";
                }
                return;
            }
            Matcher featureName = FEATURE_NAME.matcher(trimmed);
            if (featureName.find()) {
                feature = featureName.group(1);
                return;
            }
            if (packageIdentity != null) {
                Matcher state = STATE.matcher(trimmed);
                if (state.find()) {
                    out.emit(
                            EventKind.PACKAGE_STATE,
                            number,
                            line,
                            null,
                            new Facts()
                                    .put(Fact.PACKAGE, packageIdentity)
                                    .put(Fact.KB, ServicingIdentities.kb(packageIdentity))
                                    .put(Fact.STATE, PackageStates.name(state.group(1))));
                    packageIdentity = null;
                    return;
                }
            }
            if (progress(trimmed)) {
                return;
            }
            ServicingIdentities.PackageId pkg = ServicingIdentities.firstPackage(trimmed);
            if (pkg != null && packageIdentity == null) {
                addedPackage = pkg.identity();
            }
        }

        /**
         * What DISM says it is doing: {@code Adding package X}, {@code Removing package X}, {@code Enabling feature(s)},
         * {@code Включение функций}, or after {@code Processing 1 of 1 - } a package and its message. True when the
         * text was one of these.
         */
        private boolean progress(String text) {
            String op = null;
            String rest = null;
            for (String[] verb : VERBS) {
                if (text.startsWith(verb[0])) {
                    op = verb[1];
                    rest = text.substring(verb[0].length()).strip();
                    break;
                }
            }
            if (op != null) {
                if (operation == null || operation.equals("/Cleanup-Image")) {
                    operation = op;
                }
                if (!rest.isEmpty() && (op.endsWith("-Package"))) {
                    packageSeen(rest.split("\\s+")[0]);
                }
                return true;
            }
            Matcher message = PACKAGE_MESSAGE.matcher(text);
            if (message.find()) {
                packageSeen(message.group(1));
                packageMessage = message.group(2).strip();
                return true;
            }
            Matcher named = NAMED_PACKAGE.matcher(text);
            if (text.startsWith("Package") && named.find()) {
                packageSeen(named.group(1));
                return true;
            }
            return false;
        }

        /**
         * A package named by DISM: a short name ({@code Package_for_RollupFix}) that starts the full identity seen
         * before keeps the full identity.
         */
        private void packageSeen(String name) {
            String n = name.endsWith(":") ? name.substring(0, name.length() - 1) : name;
            if (addedPackage == null || !addedPackage.startsWith(n)) {
                addedPackage = n;
            }
        }

        /** A per-package error: an ERROR_CODE of the package now, and the run's failure if DISM's closing error is missing. */
        private void packageError(Facts f, String line, long number) {
            target(f).put(Fact.DETAIL, packageMessage);
            out.emit(
                    EventKind.ERROR_CODE,
                    number,
                    line,
                    null,
                    new Facts()
                            .put(Fact.CODE, f.get(Fact.CODE))
                            .put(Fact.PACKAGE, f.get(Fact.PACKAGE))
                            .put(Fact.KB, f.get(Fact.KB))
                            .put(Fact.OPERATION, f.get(Fact.OPERATION))
                            .put(Fact.SOURCE, "DISM"));
            unreported = f;
            packageFailures.putIfAbsent(f.get(Fact.CODE) == null ? "" : f.get(Fact.CODE), f);
            unreportedLine = line;
            unreportedNumber = number;
        }

        /** The package (with its KB) or feature the run is about. */
        private Facts target(Facts f) {
            if (addedPackage != null) {
                f.put(Fact.PACKAGE, addedPackage).put(Fact.KB, kb(addedPackage));
            }
            return f.put(Fact.FEATURE, feature);
        }

        /** Emits the held error with the message line that follows it (or none at the end of the file). */
        private void flushError(String message) {
            if (pendingError == null) {
                return;
            }
            // The closing error reports the package that failed with its code before it, else the last one that
            // failed, else the package or feature of the run.
            Facts failed = packageFailures.get(pendingError.get(Fact.CODE));
            if (failed == null && unreported != null) {
                failed = unreported;
            }
            if (failed != null) {
                pendingError
                        .put(Fact.PACKAGE, failed.get(Fact.PACKAGE))
                        .put(Fact.KB, failed.get(Fact.KB))
                        .put(Fact.FEATURE, feature);
            } else {
                target(pendingError);
            }
            pendingError.put(Fact.DETAIL, message).put(Fact.PAYLOAD_SOURCE, payloadSource);
            out.emit(EventKind.TOOL_RUN, pendingNumber, pendingLine, null, pendingError);
            pendingError = null;
            unreported = null;
            failureReported = true;
        }

        /** The end of a run (a new command, or the end of the file): a per-package failure not yet reported is the run's. */
        private void endRun() {
            flushError(null);
            if (unreported != null && !failureReported) {
                out.emit(EventKind.TOOL_RUN, unreportedNumber, unreportedLine, null, unreported);
            }
            unreported = null;
            packageFailures.clear();
            failureReported = false;
            serverManagerFailed = false;
            operation = null;
            feature = null;
            payloadSource = null;
            addedPackage = null;
            packageMessage = null;
            packageIdentity = null;
        }

        private static final String[][] VERBS = {
            {"Adding package", "/Add-Package"}, {"Removing package", "/Remove-Package"},
            {"Enabling feature", "/Enable-Feature"}, {"Disabling feature", "/Disable-Feature"},
            {"Adding capability", "/Add-Capability"}, {"Removing capability", "/Remove-Capability"},
            {"Включение функций", "/Enable-Feature"}, {"Отключение функций", "/Disable-Feature"},
            {"Добавление пакета", "/Add-Package"}, {"Удаление пакета", "/Remove-Package"},
            {"正在启用功能", "/Enable-Feature"}, {"启用功能", "/Enable-Feature"},
            {"正在禁用功能", "/Disable-Feature"}, {"禁用功能", "/Disable-Feature"},
            {"正在添加程序包", "/Add-Package"}, {"正在删除程序包", "/Remove-Package"},
        };

        private static boolean isCmdletCall(String trimmed) {
            return trimmed.indexOf('-') > 0
                    && !CMDLET_FAILED.matcher(trimmed).find()
                    && DismCommands.cmdlet(trimmed) != null
                    && (trimmed.contains(" -")
                            || trimmed.startsWith("PS ")
                            || trimmed.endsWith("Package")
                            || trimmed.endsWith("Feature"));
        }

        private static boolean isSuccess(String trimmed) {
            for (String s : SUCCESS) {
                if (trimmed.contains(s)) {
                    return true;
                }
            }
            return false;
        }

        /** DISM's "failed" closing line in the languages known here. */
        private static boolean isClosingFailure(String trimmed) {
            return trimmed.startsWith("DISM failed")
                    || trimmed.startsWith("Сбой DISM")
                    || trimmed.startsWith("DISM 失败")
                    || trimmed.startsWith("DISM-Fehler")
                    || trimmed.startsWith("Échec de DISM");
        }

        /** The text before an inline code says something failed, rather than merely naming an error code. */
        private static boolean isFailureText(String before) {
            String l = before.toLowerCase(Locale.ROOT);
            return l.contains("error occurred")
                    || l.contains("failed")
                    || l.contains("ошибка")
                    || l.contains("出错")
                    || l.contains("错误")
                    || PROCESSING.matcher(before).find();
        }
    }

    /** {@code 0x8007371b} → {@code 0x8007371B}; a decimal as {@link ErrorCodes#fromDecimal}; zero → null. */
    static String code(String raw) {
        return raw.startsWith("0x") || raw.startsWith("0X") ? ErrorCodes.normalise(raw) : ErrorCodes.fromDecimal(raw);
    }

    /** The package's name: a path's file name ({@code ...\windows10.0-kb5032306-x64.cab}) or the identity itself. */
    private static String packageName(String named) {
        int slash = Math.max(named.lastIndexOf('\\'), named.lastIndexOf('/'));
        return slash >= 0 ? named.substring(slash + 1) : named;
    }

    /** The KB of a package identity, or of a file name written in lower case ({@code windows8.1-kb5004298-x64.msu}). */
    static String kb(String packageOrFile) {
        String kb = ServicingIdentities.kb(packageOrFile);
        if (kb != null) {
            return kb;
        }
        Matcher m = KB_IN_PATH.matcher(packageOrFile);
        return m.find() ? "KB" + m.group(1) : null;
    }
}
