package com.patchdesk.server.mail;

import com.google.common.net.InternetDomainName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a received mail really comes from the domain in its From header, as our own receiving server recorded it
 * in {@code Authentication-Results}.
 *
 * <p>Only headers whose authserv-id (first token) is the configured one count: anyone can write an
 * Authentication-Results header into the mail they send, and the receiving server is expected to remove incoming
 * headers that carry its own id (RFC 8601 section 5). Trusted is a mail with DMARC pass for its From domain; where
 * DMARC gave no verdict (no result, {@code none}, a temporary or permanent error), SPF pass for an envelope
 * domain aligned with the From domain, or DKIM pass with a signing domain ({@code header.d}) aligned with it.
 * Aligned means relaxed alignment: the same organisational domain (the public suffix list decides where that
 * starts). A DMARC fail in any of our headers is never outweighed.
 */
final class SenderAuthenticity {

    private final String authservId;

    /** @param authservId our receiving server's authserv-id; null or blank trusts no header at all */
    SenderAuthenticity(String authservId) {
        this.authservId = authservId == null || authservId.isBlank()
                ? null
                : authservId.strip().toLowerCase(Locale.ROOT);
    }

    /** The outcome; {@code reason} says why, for the staff who decide on held mail. */
    record Verdict(boolean trusted, String reason) {}

    Verdict check(String fromAddress, List<String> headers) {
        String fromDomain = domainOf(fromAddress);
        if (authservId == null) {
            return new Verdict(
                    false,
                    "no authserv-id is configured (patchdesk.mail.authentication.authserv-id),"
                            + " so no Authentication-Results header can be trusted");
        }
        List<AuthenticationResults.Result> ours = new ArrayList<>();
        for (String header : headers) {
            AuthenticationResults.parse(header)
                    .filter(parsed -> parsed.authservId().equals(authservId))
                    .ifPresent(parsed -> ours.addAll(parsed.results()));
        }
        if (ours.isEmpty()) {
            return new Verdict(false, "no Authentication-Results from " + authservId + " for " + fromDomain);
        }
        List<AuthenticationResults.Result> dmarc = ours.stream()
                .filter(result -> result.method().equals("dmarc"))
                .filter(result -> result.property("header.from")
                        .map(d -> d.equalsIgnoreCase(fromDomain))
                        .orElse(true))
                .toList();
        if (dmarc.stream().anyMatch(result -> result.result().equals("fail"))) {
            return new Verdict(false, "DMARC failed for " + fromDomain + " (" + summary(ours) + ")");
        }
        if (dmarc.stream().anyMatch(AuthenticationResults.Result::passed)) {
            return new Verdict(true, "DMARC pass for " + fromDomain);
        }
        for (AuthenticationResults.Result result : ours) {
            if (result.passed()
                    && result.method().equals("spf")
                    && result.property("smtp.mailfrom")
                            .map(SenderAuthenticity::domainOf)
                            .filter(domain -> aligned(domain, fromDomain))
                            .isPresent()) {
                return new Verdict(true, "SPF pass for " + fromDomain);
            }
            if (result.passed()
                    && result.method().equals("dkim")
                    && result.property("header.d")
                            .or(() -> result.property("header.i").map(SenderAuthenticity::domainOf))
                            .filter(domain -> aligned(domain, fromDomain))
                            .isPresent()) {
                return new Verdict(true, "DKIM pass for " + fromDomain);
            }
        }
        return new Verdict(
                false,
                "neither DMARC pass nor an SPF or DKIM pass aligned with " + fromDomain + " (" + summary(ours) + ")");
    }

    private static String summary(List<AuthenticationResults.Result> results) {
        return String.join("; ", results.stream().map(Object::toString).toList());
    }

    /** The domain of an address ({@code user@bank.example}) or the domain itself, lower case. */
    static String domainOf(String addressOrDomain) {
        String domain =
                addressOrDomain.substring(addressOrDomain.lastIndexOf('@') + 1).strip();
        return domain.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    }

    /** DMARC relaxed alignment: both domains have the same organisational domain. */
    static boolean aligned(String domain, String fromDomain) {
        Optional<String> one = organisationalDomain(domain);
        return one.isPresent() && one.equals(organisationalDomain(fromDomain));
    }

    /**
     * The registrable domain ({@code mail.bank.com.cn} → {@code bank.com.cn}); for a name under no public suffix
     * (a private or test domain such as {@code bank.example}), its last two labels.
     */
    private static Optional<String> organisationalDomain(String domain) {
        try {
            InternetDomainName name = InternetDomainName.from(domain);
            if (name.isUnderPublicSuffix()) {
                return Optional.of(name.topPrivateDomain().toString());
            }
            if (name.isPublicSuffix()) {
                return Optional.empty();
            }
            List<String> labels = name.parts();
            return Optional.of(String.join(".", labels.subList(Math.max(0, labels.size() - 2), labels.size())));
        } catch (IllegalArgumentException notADomain) {
            return Optional.empty();
        }
    }
}
