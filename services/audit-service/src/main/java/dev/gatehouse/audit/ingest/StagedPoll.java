package dev.gatehouse.audit.ingest;

import dev.gatehouse.audit.ledger.StagedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One poll's records being staged, as slices in record order; each slice is ready when its future is. The
 * ledger takes the events slice by slice ({@link #events}), so it writes the first while later ones are
 * still being staged.
 */
final class StagedPoll {

    /** The events of a slice of records, and those of its records set aside. */
    record Slice(List<StagedEvent> events, List<IncomingRecord.Rejected> rejected) {
    }

    private final List<CompletableFuture<Slice>> slices;

    StagedPoll(List<CompletableFuture<Slice>> slices) {
        this.slices = List.copyOf(slices);
    }

    /** Waits until the first slice is staged: the append lock is not held while there is nothing to write. */
    void awaitFirst() {
        slices.getFirst().join();
    }

    /** Each slice's events in order; iterating waits for a slice still being staged. */
    Iterable<List<StagedEvent>> events() {
        return () -> slices.stream().map(slice -> slice.join().events()).iterator();
    }

    /** Whether any record became an event (waits for all slices). */
    boolean hasEvents() {
        return slices.stream().anyMatch(slice -> !slice.join().events().isEmpty());
    }

    /** The records set aside, in record order (waits for all slices). */
    List<IncomingRecord.Rejected> rejected() {
        List<IncomingRecord.Rejected> rejected = new ArrayList<>();
        slices.forEach(slice -> rejected.addAll(slice.join().rejected()));
        return rejected;
    }
}
