package dev.gatehouse.proxy.audit;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local disk spool of docs/architecture.md §3.7: an event that nothing waits for (a RESPONSE, the DECISION of
 * a refusal, an ASYNC read) and that Kafka did not acknowledge is appended here, one JSON line each,
 * and re-sent until the broker acknowledges it: it is never dropped. Write-ahead events never come here:
 * their request is refused instead.
 *
 * <p>The drainer claims the pending file by renaming it, so appends go on into a fresh file while it
 * re-sends. A file is deleted only after every line in it was acknowledged; a drain cut short re-sends
 * some lines next time, which the audit service absorbs (it stores each event id once).
 */
@Component
public class AuditSpool {

    private static final Logger log = LoggerFactory.getLogger(AuditSpool.class);
    private static final String PENDING = "pending.jsonl";
    private static final String CLAIMED_PREFIX = "claimed-";

    private final Path directory;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final AuditProperties properties;
    private final Counter spooled;
    private final Counter resent;

    AuditSpool(AuditProperties properties, KafkaTemplate<String, String> kafka, JsonMapper json, MeterRegistry meters) {
        this.directory = properties.spoolDir();
        this.kafka = kafka;
        this.json = json;
        this.properties = properties;
        this.spooled = meters.counter("gatehouse.proxy.audit.spooled");
        this.resent = meters.counter("gatehouse.proxy.audit.spool.resent");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("gatehouse.proxy.audit.spool-dir: cannot create " + directory, e);
        }
    }

    /** Appends the event durably (the line is on disk when this returns). */
    public synchronized void append(AuditEvent event) {
        byte[] line = (json.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(directory.resolve(PENDING), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
            spooled.increment();
            log.warn("audit event {} ({}) spooled to disk until Kafka acknowledges it", event.id(), event.kind());
        } catch (IOException e) {
            log.error("audit event {} ({}) could not be spooled: {}", event.id(), event.kind(), e.toString());
        }
    }

    /** Events waiting on disk, for metrics and tests. */
    public long pendingEvents() {
        try (Stream<Path> files = spoolFiles()) {
            return files.mapToLong(AuditSpool::lineCount).sum();
        }
    }

    @Scheduled(fixedDelayString = "${gatehouse.proxy.audit.spool-retry-interval:5s}")
    public void drain() {
        claimPending();
        List<Path> claimed;
        try (Stream<Path> files = spoolFiles()) {
            claimed = files.filter(file -> file.getFileName().toString().startsWith(CLAIMED_PREFIX)).sorted().toList();
        }
        for (Path file : claimed) {
            if (!resend(file)) {
                return; // the broker is still away: try again on the next tick
            }
        }
    }

    private synchronized void claimPending() {
        Path pending = directory.resolve(PENDING);
        if (Files.exists(pending)) {
            try {
                Files.move(pending, directory.resolve(CLAIMED_PREFIX + System.currentTimeMillis() + "-"
                        + System.nanoTime() + ".jsonl"));
            } catch (IOException e) {
                log.warn("could not claim the audit spool: {}", e.toString());
            }
        }
    }

    private boolean resend(Path file) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                AuditEvent event = json.readValue(line, AuditEvent.class);
                kafka.send(Topics.AUDIT, event.sessionId(), line)
                        .get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
                resent.increment();
            }
            Files.delete(file);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.debug("audit spool not drained yet: {}", e.getClass().getSimpleName());
            return false;
        }
    }

    private Stream<Path> spoolFiles() {
        try {
            return Files.list(directory).filter(file -> file.getFileName().toString().endsWith(".jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lineCount(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
