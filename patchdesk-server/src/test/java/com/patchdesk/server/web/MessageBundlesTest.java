package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every page exists in both languages: the bundles must name the same keys and use the same placeholders. */
class MessageBundlesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

    @Test
    void englishAndChineseBundlesHaveTheSameKeys() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");

        assertThat(zh.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    }

    @Test
    void translationsKeepThePlaceholdersAndAreNotBlank() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");

        for (String key : en.stringPropertyNames()) {
            assertThat(en.getProperty(key)).as(key).isNotBlank();
            assertThat(zh.getProperty(key, "")).as(key).isNotBlank();
            assertThat(placeholders(zh.getProperty(key, ""))).as(key).isEqualTo(placeholders(en.getProperty(key)));
        }
    }

    @Test
    void chineseBundleIsReadAsUtf8() throws IOException {
        assertThat(load("messages_zh_CN.properties").getProperty("layout.nav.cases"))
                .isEqualTo("案例");
    }

    private static String placeholders(String message) {
        StringBuilder found = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(message);
        while (m.find()) {
            found.append(m.group());
        }
        return found.chars()
                .sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(
                MessageBundlesTest.class.getClassLoader().getResourceAsStream(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
