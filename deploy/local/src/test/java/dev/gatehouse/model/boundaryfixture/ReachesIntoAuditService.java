package dev.gatehouse.model.boundaryfixture;

import dev.gatehouse.audit.AuditServiceApplication;

/** A shared-model class that imports a service: {@code ServiceBoundariesRulesTests} checks the rules refuse it. */
public final class ReachesIntoAuditService {

    private ReachesIntoAuditService() {
    }

    public static String auditServiceName() {
        return AuditServiceApplication.class.getSimpleName();
    }
}
