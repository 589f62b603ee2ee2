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

/** The outbox's retry path, with a publisher that fails the way an absent broker makes it fail. */
class PolicyOutboxTests {

    private final PolicyVersionRepository repository = mock(PolicyVersionRepository.class);
    private final PolicyChangePublisher publisher = mock(PolicyChangePublisher.class);
    private final PolicyOutbox outbox = new PolicyOutbox(repository, publisher, TransactionOperations.withoutTransaction());

    private static StoredVersion row(long version) {
        return new StoredVersion(new VersionInfo(version, "alice", Instant.now(), "0".repeat(64), null, null),
                "apiVersion: gatehouse.dev/v1\n", "https://idp", UUID.randomUUID(), false);
    }

    @Test
    void anUnacknowledgedVersionStaysUnpublishedAndIsSentAgainNextRound() {
        when(repository.lockUnpublished(7)).thenReturn(Optional.of(row(7)));
        when(publisher.publish(any())).thenReturn(false, true);

        assertThat(outbox.publish(7)).isFalse();
        verify(repository, never()).markPublished(7);

        when(repository.unpublished(20)).thenReturn(List.of(7L));
        outbox.retryUnpublished();
        verify(repository).markPublished(7);
    }

    @Test
    void aRoundStopsAtTheFirstVersionKafkaDoesNotTake() {
        when(repository.unpublished(20)).thenReturn(List.of(3L, 4L));
        when(repository.lockUnpublished(3)).thenReturn(Optional.of(row(3)));
        when(publisher.publish(any())).thenReturn(false);

        outbox.retryUnpublished();

        verify(repository, never()).lockUnpublished(4);
        verify(repository, never()).markPublished(3);
    }

    @Test
    void aVersionAlreadyPublishedOrHeldByAnotherReplicaIsLeftAlone() {
        when(repository.lockUnpublished(5)).thenReturn(Optional.empty());

        assertThat(outbox.publish(5)).isTrue();
        verify(publisher, never()).publish(any());
    }

    @Test
    void aDatabaseFailureDoesNotKillTheSchedule() {
        when(repository.unpublished(20)).thenThrow(new org.springframework.dao.DataAccessResourceFailureException("down"));

        outbox.retryUnpublished();
    }
}
