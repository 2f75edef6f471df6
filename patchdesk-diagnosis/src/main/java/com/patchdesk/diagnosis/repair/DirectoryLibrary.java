package com.patchdesk.diagnosis.repair;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A library folder laid out as {@code C:\Windows\WinSxS}: {@code <identity>\...} and
 * {@code Manifests\<identity>.manifest}, e.g. a copy of a healthy machine's components. A component is found when its
 * manifest is there (its folder may be absent: a missing manifest is repaired by the manifest alone).
 */
public record DirectoryLibrary(Path root) implements ComponentLibrary {

    @Override
    public Optional<Component> find(ComponentIdentity identity) throws IOException {
        Path manifest = root.resolve("Manifests").resolve(identity.manifestName());
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        Path folder = root.resolve(identity.folder());
        List<File> files = List.of();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> walk = Files.walk(folder)) {
                files = walk.filter(Files::isRegularFile)
                        .sorted()
                        .map(p -> new File(
                                folder.relativize(p).toString().replace('/', '\\'), () -> Files.newInputStream(p)))
                        .toList();
            }
        }
        return Optional.of(new Component(identity, () -> Files.newInputStream(manifest), files));
    }
}
