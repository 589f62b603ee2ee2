package dev.gatehouse.proxy.gate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.gatehouse.proxy.archfixture.RogueAdapter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/adapter-contract.md: a protocol adapter reaches policy-service, approval-service and Kafka only
 * through the gate. Phrased by what may (gate, and the clients' own packages), so an adapter package
 * added later is covered without touching this rule.
 */
class AdapterArchitectureTests {

    static final ArchRule ONLY_THE_GATE_REACHES_THE_DEPENDENCIES = noClasses()
            .that().resideOutsideOfPackages("dev.gatehouse.proxy.gate..", "dev.gatehouse.proxy.policy..",
                    "dev.gatehouse.proxy.approval..", "dev.gatehouse.proxy.audit..", "dev.gatehouse.proxy.config..")
            .should().dependOnClassesThat(resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
                    .or(name("dev.gatehouse.proxy.policy.PolicyClient"))
                    .or(name("dev.gatehouse.proxy.policy.DecisionCache"))
                    .or(name("dev.gatehouse.proxy.approval.ApprovalClient"))
                    .or(name("dev.gatehouse.proxy.approval.ApprovalGate"))
                    .or(name("dev.gatehouse.proxy.approval.HeldApprovals"))
                    .or(name("dev.gatehouse.proxy.audit.AuditPublisher"))
                    .or(name("dev.gatehouse.proxy.audit.AuditSpool")))
            .because("protocol adapters call only the gate (docs/adapter-contract.md)");

    @Test
    void noProtocolAdapterReachesPolicyApprovalsOrKafkaButThroughTheGate() {
        JavaClasses proxy = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.gatehouse.proxy");
        assertThat(proxy).isNotEmpty();
        ONLY_THE_GATE_REACHES_THE_DEPENDENCIES.check(proxy);
    }

    @Test
    void theRuleCatchesAnAdapterThatCallsPolicyServiceItself() {
        JavaClasses rogue = new ClassFileImporter().importClasses(RogueAdapter.class);

        assertThat(ONLY_THE_GATE_REACHES_THE_DEPENDENCIES.evaluate(rogue).hasViolation()).isTrue();
    }
}
