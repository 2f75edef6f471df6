package com.patchdesk.diagnosis.read;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saved console output of DISM ({@code /Cleanup-Image /CheckHealth|/ScanHealth|/RestoreHealth},
 * {@code /Get-Packages}, {@code /Add-Package}, ...), English or zh-CN. Several runs may follow each
 * other in one file; the command, when the prompt line was saved too, names the operation.
 */
final class DismConsoleReader implements LogReader {

    private static final Pattern ERROR = Pattern.compile("^\\s*(?:Error|错误)\\s*[:：]\\s*(0[xX][0-9A-Fa-f]{1,8}|\\d{1,10})\\b");
    private static final Pattern PACKAGE_IDENTITY = Pattern.compile("^\\s*(?:Package Identity|程序包标识)\\s*[:：]\\s*(\\S+)");
    private static final Pattern STATE = Pattern.compile("^\\s*(?:State|状态)\\s*[:：]\\s*(.+?)\\s*$");

    @Override
    public String format() {
        return "dism-console";
    }

    /** DISM's banner. */
    @Override
    public boolean recognises(LogHead head) {
        return head.contains("Deployment Image Servicing and Management tool") || head.contains("部署映像服务和管理工具");
    }

    @Override
    public int priority() {
        return 60;
    }

    @Override
    public void read(String path, LineSource lines, EventSink sink) throws IOException {
        new Run(new LineEmitter(path, sink)).readAll(lines);
    }

    /** The state of reading one file: the operation under way and an error waiting for its message. */
    private static final class Run {
        private final LineEmitter out;
        private String operation;
        private String packageIdentity;
        private String addedPackage;
        private Facts pendingError;
        private String pendingLine;
        private long pendingNumber;

        Run(LineEmitter out) {
            this.out = out;
        }

        void readAll(LineSource lines) throws IOException {
            for (String line = lines.next(); line != null; line = lines.next()) {
                line(line, lines.number());
            }
            flushError(null);
        }

        private void line(String line, long number) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                return;
            }
            if (pendingError != null) {
                flushError(trimmed);
                return;
            }
            String lower = trimmed.toLowerCase(Locale.ROOT);
            if (lower.contains("dism") && trimmed.indexOf('/') >= 0) {
                String op = DismCommands.operation(trimmed);
                if (op != null) {
                    operation = op;
                    addedPackage = null;
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
                out.emit(EventKind.STORE_HEALTH, number, line, null, new Facts().put(Fact.HEALTH, health)
                        .put(Fact.OPERATION, operation));
                return;
            }
            if (trimmed.contains("operation completed successfully") || trimmed.contains("操作成功完成")
                    || trimmed.contains("操作已成功完成")) {
                out.emit(EventKind.TOOL_RUN, number, line, null, new Facts().put(Fact.OPERATION, operation)
                        .put(Fact.RESULT, "success").put(Fact.PACKAGE, addedPackage)
                        .put(Fact.KB, addedPackage == null ? null : ServicingIdentities.kb(addedPackage)));
                return;
            }
            Matcher error = ERROR.matcher(trimmed);
            if (error.find()) {
                String raw = error.group(1);
                String code = raw.startsWith("0x") || raw.startsWith("0X") ? ErrorCodes.normalise(raw)
                        : Long.parseLong(raw) == 0 ? null : ErrorCodes.hex(Long.parseLong(raw));
                pendingError = new Facts().put(Fact.OPERATION, operation).put(Fact.RESULT, "failure")
                        .put(Fact.CODE, code).put(Fact.PACKAGE, addedPackage)
                        .put(Fact.KB, addedPackage == null ? null : ServicingIdentities.kb(addedPackage));
                pendingLine = line;
                pendingNumber = number;
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
            if (packageIdentity != null) {
                Matcher state = STATE.matcher(trimmed);
                if (state.find()) {
                    out.emit(EventKind.PACKAGE_STATE, number, line, null, new Facts()
                            .put(Fact.PACKAGE, packageIdentity).put(Fact.KB, ServicingIdentities.kb(packageIdentity))
                            .put(Fact.STATE, PackageStates.name(state.group(1))));
                    packageIdentity = null;
                    return;
                }
            }
            ServicingIdentities.PackageId pkg = ServicingIdentities.firstPackage(trimmed);
            if (pkg != null && packageIdentity == null) {
                addedPackage = pkg.identity();
            }
        }

        /** Emits the held error with the message line that follows it (or none at the end of the file). */
        private void flushError(String message) {
            if (pendingError == null) {
                return;
            }
            pendingError.put(Fact.DETAIL, message);
            out.emit(EventKind.TOOL_RUN, pendingNumber, pendingLine, null, pendingError);
            pendingError = null;
        }
    }
}
