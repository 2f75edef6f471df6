package com.patchdesk.server.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code patchdesk.data-dir} and {@code patchdesk.data-free-space-floor}: the one folder everything the server keeps
 * on disk lives under (database, blobs, scratch, spooled uploads), read by every feature through this record.
 *
 * @param dataDir            the folder ({@code PATCHDESK_DATA}, default {@code ./data})
 * @param dataFreeSpaceFloor health is DOWN while its file system has less free space than this
 */
@ConfigurationProperties("patchdesk")
public record DataFolder(Path dataDir, DataSize dataFreeSpaceFloor) {

    public DataFolder {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        dataFreeSpaceFloor = dataFreeSpaceFloor == null ? DataSize.ofMegabytes(200) : dataFreeSpaceFloor;
    }
}
