package dev.gatehouse.local;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.gatehouse.model.boundaryfixture.ReachesIntoAuditService;
import dev.gatehouse.proxy.boundaryfixture.ReachesIntoPolicyService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of {@link ServiceBoundariesTests} can fail: each refuses a class that breaks it. */
class ServiceBoundariesRulesTests {

    private final JavaClasses proxyReachingIntoPolicy = new ClassFileImporter().importClasses(ReachesIntoPolicyService.class);
    private final JavaClasses modelReachingIntoAudit = new ClassFileImporter().importClasses(ReachesIntoAuditService.class);

    @Test
    void refusesProxyCodeThatImportsPolicyServiceCode() {
        assertThatThrownBy(() -> ServiceBoundariesTests.edgeProxyImportsNoOtherService.check(proxyReachingIntoPolicy))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ReachesIntoPolicyService")
                .hasMessageContaining("dev.gatehouse.policy.PolicyServiceApplication");
    }

    @Test
    void refusesServiceCodeThatUsesTestkit() {
        assertThatThrownBy(() -> ServiceBoundariesTests.mainCodeDoesNotUseTestkit.check(proxyReachingIntoPolicy))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.gatehouse.testkit.OidcIssuer");
    }

    @Test
    void refusesASharedLibraryThatImportsAService() {
        assertThatThrownBy(() -> ServiceBoundariesTests.sharedLibrariesImportNoService.check(modelReachingIntoAudit))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.gatehouse.audit.AuditServiceApplication");
    }
}
