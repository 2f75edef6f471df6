package com.patchdesk.server.diagnoses;

import com.patchdesk.server.catalog.CatalogStore;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DiagnosisProperties.class)
class DiagnosesConfiguration {

    @Bean
    BundleAnalyzer bundleAnalyzer(DiagnosisProperties settings, CatalogStore catalog) throws IOException {
        Path analyses = settings.scratch().resolve(AbandonedDiagnoses.ANALYSES);
        ChildJvmAnalyzer children = new ChildJvmAnalyzer(
                "com.patchdesk.server.diagnoses.DiagnosisChild", settings.childHeap(), analyses, catalog.dir());
        return settings.warmWorkers() ? new WarmAnalyzer(children, analyses, catalog.dir()) : children;
    }
}
