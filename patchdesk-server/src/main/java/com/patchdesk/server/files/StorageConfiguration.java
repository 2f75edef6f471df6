package com.patchdesk.server.files;

import com.patchdesk.server.config.DataFolder;
import com.patchdesk.server.config.DiskRoom;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
    StorageProperties.class,
    FilesProperties.class,
    RecoverySettings.class,
    OrphanBlobSettings.class
})
class StorageConfiguration {

    @Bean
    @ConditionalOnProperty(name = "patchdesk.storage.type", havingValue = "local", matchIfMissing = true)
    BlobStore localBlobStore(StorageProperties properties, DiskRoom room) throws IOException {
        Path root = properties.local().root();
        return new LocalBlobStore(root, bytes -> room.ensure(root, bytes));
    }

    @Bean
    @ConditionalOnProperty(name = "patchdesk.storage.type", havingValue = "s3")
    BlobStore s3BlobStore(StorageProperties properties) {
        StorageProperties.S3 s3 = properties.s3();
        if (s3.bucket() == null || s3.bucket().isBlank()) {
            throw new IllegalStateException("patchdesk.storage.type=s3 needs patchdesk.storage.s3.bucket");
        }
        S3Client client = s3Client(s3);
        // Fail at start-up with the real reason rather than on the first upload.
        client.headBucket(b -> b.bucket(s3.bucket()));
        return new S3BlobStore(client, s3.bucket(), (int) s3.partSize().toBytes());
    }

    /**
     * Multipart uploads (the console's no-script form) are spooled under the data folder, not the container's temp
     * folder: that is often a small tmpfs, and a bundle may be 4 GiB. Tomcat resolves a relative location against
     * its own work folder, so the path is made absolute here.
     */
    @Bean
    MultipartConfigElement multipartConfigElement(MultipartProperties multipart, DataFolder data) throws IOException {
        Path spool = Files.createDirectories(multipartSpool(data));
        return new MultipartConfigElement(
                spool.toString(),
                multipart.getMaxFileSize().toBytes(),
                multipart.getMaxRequestSize().toBytes(),
                (int) multipart.getFileSizeThreshold().toBytes());
    }

    /** Where the container spools multipart uploads; {@code AbandonedUploads} removes what a killed process left. */
    static Path multipartSpool(DataFolder data) {
        return data.dataDir().resolve("tmp").resolve("multipart").toAbsolutePath();
    }

    static S3Client s3Client(StorageProperties.S3 s3) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                // S3-compatible servers do not all know the newer flexible checksums; send them only when required.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(
                        s3.accessKey() == null
                                ? DefaultCredentialsProvider.builder().build()
                                : StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return builder.build();
    }
}
