package com.patchdesk.server.mail;

import java.security.SecureRandom;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
@EnableScheduling
class MailConfiguration {

    /** Source of tracking tokens and Message-IDs; never {@code java.util.Random}, tokens must not be guessable. */
    @Bean
    SecureRandom mailRandom() {
        return new SecureRandom();
    }

    @Bean
    MailDomain mailDomain(MailProperties properties) {
        return new MailDomain(properties.domain());
    }

    @Bean
    SenderAuthenticity senderAuthenticity(MailProperties properties) {
        return new SenderAuthenticity(properties.authentication().authservId());
    }

    @Bean
    InboundMailParser inboundMailParser(MailProperties properties) {
        return new InboundMailParser(properties.limits());
    }
}
