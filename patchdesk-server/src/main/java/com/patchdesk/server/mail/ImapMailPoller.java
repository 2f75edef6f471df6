package com.patchdesk.server.mail;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the support mailbox over IMAP and takes every unread mail into its case.
 *
 * <p>Nothing is lost and nothing is added twice: a mail is flagged {@code \Seen} only after the transaction
 * that stored it committed, so a crash in between means it is read again next round, and then recognised by
 * its identity (unique in the database). Mail that cannot be taken (no sender, too large, unparseable) is
 * recorded in {@code mail_rejections} and moved to the error folder. Mail that fails for another reason (the
 * database is down) stays unread and is tried again next round. No exception ends the polling.
 */
@Component
@ConditionalOnProperty(prefix = "patchdesk.mail.imap", name = "enabled", havingValue = "true")
class ImapMailPoller {

    private static final Logger log = LoggerFactory.getLogger(ImapMailPoller.class);
    private static final int MAX_FAILED_ROUNDS = 5;

    private final MailProperties.Imap imap;
    private final MailProperties.Limits limits;
    private final InboundMailParser parser;
    private final InboundMailbox mailbox;
    private final MailRejections rejections;
    private final Clock clock;
    private final Session session;
    private final ReentrantLock polling = new ReentrantLock();
    /** Failed storage rounds per mail identity; only touched while {@link #polling} is held. */
    private final Map<String, Integer> failedRounds = new HashMap<>();

    ImapMailPoller(
            MailProperties properties,
            InboundMailParser parser,
            InboundMailbox mailbox,
            MailRejections rejections,
            Clock clock) {
        this.imap = properties.imap();
        this.limits = properties.limits();
        this.parser = parser;
        this.mailbox = mailbox;
        this.rejections = rejections;
        this.clock = clock;
        if (imap.host() == null || imap.host().isBlank()) {
            throw new IllegalStateException("patchdesk.mail.imap.enabled=true needs patchdesk.mail.imap.host");
        }
        Properties props = new Properties();
        String timeout = String.valueOf(imap.timeout().toMillis());
        props.put("mail." + imap.protocol() + ".connectiontimeout", timeout);
        props.put("mail." + imap.protocol() + ".timeout", timeout);
        props.put("mail." + imap.protocol() + ".writetimeout", timeout);
        this.session = InboundMailParser.lenientSession(props);
    }

    /**
     * Counts of one polling round. {@code retryLater} mails stay unread for the next round; {@code held} mails
     * failed the sender check and wait for staff ({@link HeldMail}).
     */
    record Round(int accepted, int duplicates, int rejected, int retryLater, int held) {}

    @SchedulerLock(name = "imap-poll", lockAtMostFor = "PT15M")
    @Scheduled(
            fixedDelayString = "${patchdesk.mail.imap.interval:PT1M}",
            initialDelayString = "${patchdesk.mail.imap.interval:PT1M}")
    public void scheduled() {
        try {
            Round round = pollOnce();
            if (round.accepted() + round.rejected() + round.retryLater() + round.held() > 0) {
                log.info("mail poll: {}", round);
            }
        } catch (MessagingException | RuntimeException failure) {
            // The mailbox or the network is down: say so and try again next interval.
            log.warn("mail poll of {}@{} failed: {}", imap.user(), imap.host(), failure.toString());
        }
    }

    /** Reads every unread mail once; one round at a time. */
    Round pollOnce() throws MessagingException {
        polling.lock();
        try {
            Store store = session.getStore(imap.protocol());
            store.connect(imap.host(), imap.port(), imap.user(), imap.password());
            try {
                Folder inbox = store.getFolder(imap.folder());
                inbox.open(Folder.READ_WRITE);
                try {
                    return poll(store, inbox);
                } finally {
                    if (inbox.isOpen()) {
                        inbox.close(true); // expunges mail moved to the error folder
                    }
                }
            } finally {
                store.close();
            }
        } finally {
            polling.unlock();
        }
    }

    private Round poll(Store store, Folder inbox) throws MessagingException {
        int accepted = 0;
        int duplicates = 0;
        int rejected = 0;
        int retryLater = 0;
        int held = 0;
        for (Message message : inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
            switch (take(store, inbox, message)) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicates++;
                case REJECTED -> rejected++;
                case RETRY_LATER -> retryLater++;
                case HELD -> held++;
            }
        }
        return new Round(accepted, duplicates, rejected, retryLater, held);
    }

    private enum Outcome {
        ACCEPTED,
        DUPLICATE,
        REJECTED,
        RETRY_LATER,
        HELD
    }

    private Outcome take(Store store, Folder inbox, Message message) throws MessagingException {
        InboundMail mail;
        MimeMessage copy;
        try {
            if (message.getSize() > limits.maxMessage().toBytes()) {
                throw new MailRejectedException("message of " + message.getSize() + " bytes exceeds the limit of "
                        + limits.maxMessage().toBytes() + " bytes");
            }
            // A local copy, so parsing reads the mail once instead of fetching part by part.
            copy = new MimeMessage((MimeMessage) message);
            mail = parser.parse(copy);
        } catch (MailRejectedException unacceptable) {
            reject(store, inbox, message, unacceptable.getMessage());
            return Outcome.REJECTED;
        } catch (MessagingException | RuntimeException unparseable) {
            if (!inbox.isOpen() || !store.isConnected()) {
                throw new MessagingException("connection lost while reading a mail", unparseable);
            }
            reject(store, inbox, message, "unreadable: " + unparseable);
            return Outcome.REJECTED;
        }
        Outcome outcome;
        try {
            InboundMailbox.Receipt receipt = mailbox.accept(mail, () -> InboundMailParser.bytes(copy));
            outcome = receipt.duplicate() ? Outcome.DUPLICATE : receipt.held() ? Outcome.HELD : Outcome.ACCEPTED;
            if (receipt.held()) {
                log.warn(
                        "mail {} from {} failed the sender check and is held for staff (held mail {})",
                        mail.identity(),
                        mail.fromAddress(),
                        receipt.heldId());
            } else if (!receipt.duplicate()) {
                log.info(
                        "mail {} from {} added to {} ({})",
                        mail.identity(),
                        mail.fromAddress(),
                        receipt.caseNumber(),
                        receipt.match());
            }
        } catch (MailRejectedException unacceptable) {
            reject(store, inbox, message, unacceptable.getMessage());
            return Outcome.REJECTED;
        } catch (DuplicateKeyException storedConcurrently) {
            outcome = Outcome.DUPLICATE;
        } catch (RuntimeException notStored) {
            return storeFailed(store, inbox, message, mail, notStored);
        }
        failedRounds.remove(mail.identity());
        message.setFlag(Flags.Flag.SEEN, true);
        return outcome;
    }

    /**
     * A mail the database refused. Usually the database is down and the mail must simply wait; a mail refused
     * in {@value #MAX_FAILED_ROUNDS} rounds in a row is treated as poison and set aside, so it cannot log an
     * error every round forever. A database outage never sets mail aside: recording the rejection needs the
     * database too, and when that fails the round ends with the mail still unread.
     */
    private Outcome storeFailed(Store store, Folder inbox, Message message, InboundMail mail, RuntimeException failure)
            throws MessagingException {
        int rounds = failedRounds.merge(mail.identity(), 1, Integer::sum);
        if (rounds >= MAX_FAILED_ROUNDS) {
            failedRounds.remove(mail.identity());
            reject(store, inbox, message, "could not be stored in " + rounds + " rounds: " + failure);
            return Outcome.REJECTED;
        }
        log.error(
                "mail {} from {} could not be stored (round {}); it stays unread and is tried again",
                mail.identity(),
                mail.fromAddress(),
                rounds,
                failure);
        return Outcome.RETRY_LATER;
    }

    private void reject(Store store, Folder inbox, Message message, String reason) throws MessagingException {
        rejections.record(new MailRejections.Rejection(
                identity(message),
                decoded(message, "From"),
                decoded(message, "Subject"),
                reason,
                size(message),
                clock.instant()));
        log.warn("mail rejected, moving it to {}: {}", imap.errorFolder(), reason);
        try {
            Folder errors = store.getFolder(imap.errorFolder());
            if (!errors.exists() && !errors.create(Folder.HOLDS_MESSAGES)) {
                throw new MessagingException("error folder " + imap.errorFolder() + " could not be created");
            }
            inbox.copyMessages(new Message[] {message}, errors);
            message.setFlags(new Flags(Flags.Flag.DELETED), true);
        } catch (MessagingException notMoved) {
            // The rejection is on record; flagging the mail keeps it from blocking every later round.
            log.warn(
                    "rejected mail could not be moved to {} ({}); it is flagged \\Seen in {} instead",
                    imap.errorFolder(),
                    notMoved.getMessage(),
                    imap.folder());
            message.setFlag(Flags.Flag.SEEN, true);
        }
    }

    /** Message-ID when usable, else a hash of all header lines and the size: stable across polling rounds. */
    private static String identity(Message message) {
        String messageId = InboundMailParser.messageId(header(message, "Message-ID"), new ArrayList<>());
        if (messageId != null) {
            return messageId;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Enumeration<String> lines = ((MimeMessage) message).getAllHeaderLines();
            while (lines.hasMoreElements()) {
                sha.update(lines.nextElement().getBytes(StandardCharsets.ISO_8859_1));
            }
            sha.update(String.valueOf(size(message)).getBytes(StandardCharsets.US_ASCII));
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | MessagingException | RuntimeException e) {
            return "unidentified:" + System.identityHashCode(message) + ":" + size(message);
        }
    }

    private static String header(Message message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null || values.length == 0 ? null : values[0];
        } catch (MessagingException | RuntimeException unreadable) {
            return null;
        }
    }

    /** A header for staff to read: encoded words decoded, line breaks and control characters flattened. */
    private static String decoded(Message message, String name) {
        String raw = header(message, name);
        return raw == null
                ? null
                : EncodedWords.decode(raw).replaceAll("[\\p{Cntrl}]+", " ").strip();
    }

    private static Long size(Message message) {
        try {
            return (long) message.getSize();
        } catch (MessagingException unknown) {
            return null;
        }
    }
}
