package dev.gatehouse.local;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Arrays;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Each service is deployed on its own (docs/architecture.md §1): it talks to another only over its API or
 * Kafka, through the contracts in shared-model, never by importing its code. What services may share is
 * shared-model ({@code dev.gatehouse.model}), service-support ({@code dev.gatehouse.support}) and pg-sql
 * ({@code dev.gatehouse.pgsql}). This module has every service's main classes on its class path, so the
 * rules see all of them; tests (theirs are not on this class path, this module's are left out) may reach
 * across. The rules read bytecode, so a compile-time constant of another module (inlined by javac) is not
 * a dependency to them; {@link ServiceBoundariesRulesTests} shows each rule refusing a class that breaks it.
 */
@AnalyzeClasses(packages = "dev.gatehouse", importOptions = ImportOption.DoNotIncludeTests.class)
class ServiceBoundariesTests {

    private static final String PROXY = "dev.gatehouse.proxy..";
    private static final String POLICY = "dev.gatehouse.policy..";
    private static final String APPROVAL = "dev.gatehouse.approval..";
    private static final String AUDIT = "dev.gatehouse.audit..";
    private static final String VAULT = "dev.gatehouse.vault..";
    private static final String[] SERVICES = {PROXY, POLICY, APPROVAL, AUDIT, VAULT};

    @ArchTest
    static final ArchRule edgeProxyImportsNoOtherService = importsNoOtherService(PROXY);

    @ArchTest
    static final ArchRule policyServiceImportsNoOtherService = importsNoOtherService(POLICY);

    @ArchTest
    static final ArchRule approvalServiceImportsNoOtherService = importsNoOtherService(APPROVAL);

    @ArchTest
    static final ArchRule auditServiceImportsNoOtherService = importsNoOtherService(AUDIT);

    @ArchTest
    static final ArchRule credentialVaultImportsNoOtherService = importsNoOtherService(VAULT);

    /** The shared libraries stay below the services: a contract that imported a service would tie them all to it. */
    @ArchTest
    static final ArchRule sharedLibrariesImportNoService = noClasses()
            .that().resideInAnyPackage("dev.gatehouse.model..", "dev.gatehouse.support..", "dev.gatehouse.pgsql..",
                    "dev.gatehouse.ledger..")
            .should().dependOnClassesThat().resideInAnyPackage(SERVICES)
            .because("shared-model, service-support, pg-sql and ledger-proof are what services share, so they cannot depend on one");

    /**
     * testkit (embedded PostgreSQL and Kafka, a mock OIDC issuer that mints any token) is test
     * infrastructure; only the local stack, which is the demo on one machine, is built on it.
     */
    @ArchTest
    static final ArchRule mainCodeDoesNotUseTestkit = noClasses()
            .that().resideInAnyPackage(SERVICES)
            .or().resideInAnyPackage("dev.gatehouse.model..", "dev.gatehouse.support..", "dev.gatehouse.pgsql..",
                    "dev.gatehouse.ledger..")
            .should().dependOnClassesThat().resideInAPackage("dev.gatehouse.testkit..")
            .because("testkit's fixtures and token minting must never ship in a service");

    static ArchRule importsNoOtherService(String service) {
        String[] others = Arrays.stream(SERVICES).filter(other -> !other.equals(service)).toArray(String[]::new);
        return noClasses().that().resideInAPackage(service)
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services talk over their APIs and Kafka, with shared-model's contracts, not each other's code");
    }
}
