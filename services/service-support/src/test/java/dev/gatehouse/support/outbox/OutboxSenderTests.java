package dev.gatehouse.support.outbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The retry round's sending, with a template that fails the way an absent or refusing broker does. */
class OutboxSenderTests {

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);
    private final OutboxSender sender = new OutboxSender(kafka, null, "some_outbox");

    private final OutboxRecord first = new OutboxRecord(3, "gatehouse.policy.v1", "12", "{\"version\":12}");
    private final OutboxRecord second = new OutboxRecord(4, "gatehouse.audit.v1", "policy", "{\"seq\":12}");

    @AfterEach
    void close() throws InterruptedException {
        sender.close();
    }

    @Test
    void reportsOnlyTheRecordsKafkaAcknowledged() {
        when(kafka.send(eq("gatehouse.policy.v1"), eq("12"), anyString())).thenReturn(CompletableFuture.completedFuture(null));
        when(kafka.send(eq("gatehouse.audit.v1"), eq("policy"), anyString())).thenReturn(CompletableFuture.completedFuture(null));
        assertThat(sender.sendInOrder(List.of(first, second), 200)).containsExactly(3L, 4L);

        when(kafka.send(eq("gatehouse.audit.v1"), eq("policy"), anyString()))
                .thenReturn(CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("no broker")));
        assertThat(sender.sendInOrder(List.of(first, second), 200)).containsExactly(3L);
    }

    @Test
    void aRoundStopsAtTheFirstRecordKafkaDoesNotTake() {
        when(kafka.send(eq("gatehouse.policy.v1"), eq("12"), anyString()))
                .thenReturn(CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("no broker")));

        assertThat(sender.sendInOrder(List.of(first, second), 200)).isEmpty();
        verify(kafka, never()).send(eq("gatehouse.audit.v1"), anyString(), anyString());
    }

    @Test
    void givesUpAfterTheAckTimeout() {
        when(kafka.send(anyString(), anyString(), anyString())).thenReturn(new CompletableFuture<>());

        long started = System.nanoTime();
        assertThat(sender.sendInOrder(List.of(first, second), 200)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aFreshRecordIsSentInCommitOrderFromTheSendingThreadNeverTheCallers() {
        List<String> sentFrom = new java.util.concurrent.CopyOnWriteArrayList<>();
        when(kafka.send(anyString(), anyString(), anyString())).thenAnswer(call -> {
            sentFrom.add(Thread.currentThread().getName() + " " + call.getArgument(1));
            return CompletableFuture.completedFuture(null);
        });

        sender.sendSoon(first);
        sender.sendSoon(second);

        org.mockito.InOrder order = org.mockito.Mockito.inOrder(kafka);
        order.verify(kafka, org.mockito.Mockito.timeout(5_000)).send(eq("gatehouse.policy.v1"), eq("12"), anyString());
        order.verify(kafka, org.mockito.Mockito.timeout(5_000)).send(eq("gatehouse.audit.v1"), eq("policy"), anyString());
        assertThat(sentFrom).containsExactly("some-outbox-sender 12", "some-outbox-sender policy");
    }

    @Test
    void aSendThatThrowsIsAFailureNotAnException() {
        when(kafka.send(anyString(), anyString(), anyString())).thenThrow(new org.apache.kafka.common.KafkaException("closed"));

        assertThat(sender.sendInOrder(List.of(first, second), 200)).isEmpty();
        sender.sendSoon(first);
    }
}
