package com.patchdesk.server.config;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * {@code /actuator/health} is DOWN while the file system of the data folder (H2 database, local blobs, scratch
 * files) has less free space than {@code patchdesk.data-free-space-floor}, so monitoring sees a filling disk before
 * writes fail; it is UP again as soon as space is freed, without a restart. (Spring Boot's own disk-space check
 * looks at the working directory, which need not be where the data is.)
 */
@Component("dataFolder")
class DataFolderHealth implements HealthIndicator {

    private final Path folder;
    private final DataSize floor;

    DataFolderHealth(DataFolder settings) {
        this.folder = settings.dataDir().toAbsolutePath().normalize();
        this.floor = settings.dataFreeSpaceFloor();
    }

    @Override
    public Health health() {
        try {
            long free = DiskRoom.usableSpace(folder);
            return (free < floor.toBytes() ? Health.down() : Health.up())
                    .withDetail("path", folder.toString())
                    .withDetail("free", free)
                    .withDetail("floor", floor.toBytes())
                    .build();
        } catch (IOException unreadable) {
            return Health.down(unreadable).withDetail("path", folder.toString()).build();
        }
    }
}
