package dev.gatehouse.ledger;

/** A receipt, a checkpoint or a proof did not verify; the message says which check failed and what it means. */
public final class ReceiptRejected extends RuntimeException {

    public ReceiptRejected(String message) {
        super(message, null, false, false);
    }
}
