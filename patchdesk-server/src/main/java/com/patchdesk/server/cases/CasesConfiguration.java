package com.patchdesk.server.cases;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** SLA settings, and scheduling for the SLA breach sweep. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SlaSettings.class)
@EnableScheduling
class CasesConfiguration {}
