package dev.gatehouse.policy.version;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The round that hands owed versions over to the outbox. The retry of unacknowledged events and
 * stopping at the first one Kafka does not take are the shared outbox's (service-support's
 * TransactionalOutboxIT and OutboxSenderTests).
 */
class PolicyOutboxTests {

    private final PolicyVersionRepository repository = mock(PolicyVersionRepository.class);
    private final PolicyChangeEvents events = mock(PolicyChangeEvents.class);
    private final PolicyEventOutbox outbox = mock(PolicyEventOutbox.class);
    private final PolicyOutbox round = new PolicyOutbox(repository, events, outbox,
            TransactionOperations.withoutTransaction());

    private static StoredVersion row(long version) {
        return new StoredVersion(new VersionInfo(version, "alice", Instant.now(), "0".repeat(64), null, null),
                "apiVersion: gatehouse.dev/v1\n", "https://idp", UUID.randomUUID(), false);
    }

    @Test
    void anUnpublishedVersionIsHandedToTheOutboxAndTheOutboxResends() {
        when(repository.unpublished(20)).thenReturn(List.of(7L));
        StoredVersion seven = row(7);
        when(repository.lockUnpublished(7)).thenReturn(Optional.of(seven));

        round.retryUnpublished();

        verify(events).handOver(seven);
        verify(outbox).resendUnsent();
    }

    @Test
    void aVersionAlreadyPublishedOrHeldByAnotherReplicaIsLeftAlone() {
        when(repository.lockUnpublished(5)).thenReturn(Optional.empty());

        assertThat(round.handOver(5)).isFalse();
        verify(events, never()).handOver(any());
    }

    @Test
    void aDatabaseFailureDoesNotKillTheSchedule() {
        when(repository.unpublished(20)).thenThrow(new org.springframework.dao.DataAccessResourceFailureException("down"));

        round.retryUnpublished();

        verify(outbox).resendUnsent();
    }
}
