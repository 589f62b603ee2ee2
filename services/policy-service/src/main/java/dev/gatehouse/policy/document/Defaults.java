package dev.gatehouse.policy.document;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.ReviewSettings;

/** What a rule gets for a block it leaves out. */
public record Defaults(AuditMode audit, MaskingDirectives masking, ReviewSettings review) {

    public static final Defaults NONE = new Defaults(null, null, null);

    public Defaults {
        audit = audit == null ? AuditMode.WRITE_AHEAD : audit;
        masking = masking == null ? MaskingDirectives.DEFAULT : masking;
        review = review == null ? ReviewSettings.DEFAULT : review;
    }
}
