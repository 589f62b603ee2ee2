package dev.gatehouse.audit.ledger;

/** Published after an ingest transaction that added leaves has committed; {@code size} is the new tree size. */
public record LedgerAppended(long size) {
}
