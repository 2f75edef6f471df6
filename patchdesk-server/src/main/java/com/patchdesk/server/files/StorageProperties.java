package com.patchdesk.server.files;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code patchdesk.storage.*}: {@code type} is {@code local} (default, a folder) or {@code s3} (any S3-compatible
 * service, addressed path-style so that MinIO, Ceph or s3proxy work without DNS-style bucket names).
 */
@ConfigurationProperties("patchdesk.storage")
record StorageProperties(String type, Local local, S3 s3) {

    StorageProperties {
        type = type == null ? "local" : type;
        local = local == null ? new Local(null) : local;
        s3 = s3 == null ? new S3(null, null, null, null, null, null, null) : s3;
    }

    record Local(Path root) {
        Local {
            root = root == null ? Path.of("data", "blobs") : root;
        }
    }

    record S3(
            URI endpoint,
            String region,
            String bucket,
            String accessKey,
            String secretKey,
            Boolean pathStyle,
            DataSize partSize) {
        S3 {
            region = region == null ? "us-east-1" : region;
            pathStyle = pathStyle == null || pathStyle;
            partSize = partSize == null ? DataSize.ofMegabytes(8) : partSize;
        }
    }
}
