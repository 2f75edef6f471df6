package com.patchdesk.diagnosis.cli;

import com.patchdesk.diagnosis.knowledge.CatalogCompiler;
import com.patchdesk.diagnosis.knowledge.CatalogFile;
import com.patchdesk.diagnosis.knowledge.CatalogFolder;
import com.patchdesk.diagnosis.knowledge.CatalogRejectedException;
import com.patchdesk.diagnosis.knowledge.PublishedUpdate;
import com.patchdesk.diagnosis.knowledge.UpdateCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patchdesk catalog show|import FILE|generate FILE}: the update catalog the engine uses, refreshed without a
 * release. Exit codes: 0 done, 2 bad usage, 4 file refused (the catalog in use is unchanged).
 */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = "Show, import or generate the Windows update catalog.",
        subcommands = {CatalogCommand.Show.class, CatalogCommand.Import.class, CatalogCommand.Generate.class})
final class CatalogCommand implements Runnable {

    static final int REFUSED = 4;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The folder given, else the configured one. */
    private static CatalogFolder folder(Path dir) {
        return dir == null ? CatalogFolder.configured() : new CatalogFolder(dir);
    }

    private static UpdateCatalog compile(Path file, Optional<LocalDate> until)
            throws IOException, CatalogRejectedException {
        if (!Files.isRegularFile(file)) {
            throw new CatalogRejectedException(file + " is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return CatalogCompiler.compile(PublishedUpdate.read(in, describe(file)), until);
        }
    }

    private static String describe(Path file) {
        return "buildnumbers.json (github.com/altrhombus/DataForGeeks, read from Microsoft's update-history pages), "
                + "file " + file.getFileName();
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the catalog in use and its date.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--catalog-dir",
                paramLabel = "DIR",
                description = "The catalog folder (default: "
                        + "-Dpatchdesk.catalog.dir, $PATCHDESK_CATALOG_DIR, else ~/.patchdesk/catalog).")
        Path dir;

        @Override
        public Integer call() {
            CatalogFolder folder = folder(dir);
            UpdateCatalog shipped = UpdateCatalog.shipped();
            UpdateCatalog inUse = folder.inUse(shipped);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "catalog in use: %s (%s), %d updates%n",
                            inUse.date(),
                            inUse == shipped ? "shipped with the engine" : folder.file(),
                            inUse.updates().size());
            spec.commandLine().getOut().printf("shipped: %s; installed folder: %s%n", shipped.date(), folder.dir());
            return 0;
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Validate a newer update history (buildnumbers.json form) and install it as the catalog.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "buildnumbers.json (DataForGeeks form).")
        Path file;

        @Option(
                names = "--catalog-dir",
                paramLabel = "DIR",
                description = "Where to install (default: "
                        + "-Dpatchdesk.catalog.dir, $PATCHDESK_CATALOG_DIR, else ~/.patchdesk/catalog).")
        Path dir;

        @Override
        public Integer call() throws IOException {
            CatalogFolder folder = folder(dir);
            try {
                UpdateCatalog candidate = compile(file, Optional.empty());
                UpdateCatalog before = folder.install(candidate, UpdateCatalog.shipped());
                UpdateCatalog now = folder.inUse(UpdateCatalog.shipped());
                spec.commandLine()
                        .getOut()
                        .printf(
                                "installed the catalog of %s in %s: %d updates, %d new; "
                                        + "it replaces the catalog of %s%n",
                                now.date(),
                                folder.file(),
                                now.updates().size(),
                                now.updates().size() - before.updates().size(),
                                before.date());
                return 0;
            } catch (CatalogRejectedException e) {
                UpdateCatalog inUse = folder.inUse(UpdateCatalog.shipped());
                spec.commandLine()
                        .getErr()
                        .printf(
                                "patchdesk: %s refused: %s%nthe catalog in use is unchanged: %s%n",
                                file, e.getMessage(), inUse.date());
                return REFUSED;
            }
        }
    }

    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description = "Generate the shipped catalog resource from an update history (for the engine's build).")
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "buildnumbers.json (DataForGeeks form).")
        Path file;

        @Option(names = "--until", paramLabel = "DATE", description = "Leave out updates released after DATE.")
        LocalDate until;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The catalog file to write.")
        Path out;

        @Override
        public Integer call() throws IOException {
            try {
                UpdateCatalog catalog = compile(file, Optional.ofNullable(until));
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    CatalogFile.write(catalog, w);
                }
                spec.commandLine()
                        .getOut()
                        .printf(
                                "wrote %s: catalog of %s, %d updates%n",
                                out, catalog.date(), catalog.updates().size());
                return 0;
            } catch (CatalogRejectedException e) {
                spec.commandLine().getErr().println("patchdesk: " + file + " refused: " + e.getMessage());
                return REFUSED;
            }
        }
    }
}
