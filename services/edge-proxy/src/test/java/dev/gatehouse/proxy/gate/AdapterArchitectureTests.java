package dev.gatehouse.proxy.gate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.gatehouse.proxy.archfixture.RogueAdapter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
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

    /**
     * The edge-proxy's packages form no cycle (route and git broke theirs in issue 15): an adapter added
     * next can be read, tested and removed on its own. Sub-packages count with their parent (masking.json
     * belongs to masking).
     */
    @Test
    void theProxysPackagesFormNoCycle() {
        JavaClasses proxy = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.gatehouse.proxy");

        slices().matching("dev.gatehouse.proxy.(*)..").should().beFreeOfCycles().check(proxy);
    }

    /** One adapter never reaches into another: what they share lives in the gate or a neutral package. */
    @Test
    void noProtocolAdapterDependsOnAnother() {
        JavaClasses proxy = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.gatehouse.proxy");

        List<String> adapters = List.of("route", "git", "postgres");
        for (String adapter : adapters) {
            String[] others = adapters.stream().filter(other -> !other.equals(adapter))
                    .map(other -> "dev.gatehouse.proxy." + other + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.gatehouse.proxy." + adapter + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("adapters share through the gate or a neutral package (docs/adapter-contract.md)")
                    .check(proxy);
        }
    }
}
