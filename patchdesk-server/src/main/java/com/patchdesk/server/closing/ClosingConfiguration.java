package com.patchdesk.server.closing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The closing links' settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClosingSettings.class)
class ClosingConfiguration {}
