package dev.gatehouse.proxy.approval;

/** STUB (see {@link ApprovalGate}): an approval that cannot be consumed for this operation. */
public class ApprovalNotUsable extends RuntimeException {

    public ApprovalNotUsable(String message) {
        super(message);
    }
}
