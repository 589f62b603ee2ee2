package dev.gatehouse.bench.audit;

import dev.gatehouse.ledger.CanonicalJson;
import dev.gatehouse.ledger.LeafHash;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

import java.util.concurrent.TimeUnit;

/**
 * The canonical JSON of one audit event's leaf document, which audit-service's ingest writes for every event
 * it stores (the JFR of a one-client pgbench run put it among the ingest thread's largest costs): an HTTP
 * REQUEST as edge-proxy records it, with a CI token's claims and a masking summary.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeafDocumentBenchmark {

    private final JsonNode leaf = LeafHash.JSON.readTree("""
            {"id":"01a24fd5-2ca8-7f07-addd-45a5a6f0f89d","sessionId":"0b4f2c9e-8a31-4c52-9d6e-1f0e7a3b5c21","seq":2,
             "occurredAt":"2026-12-07T10:33:41.123456Z","kind":"REQUEST","issuer":"https://token.actions.githubusercontent.com",
             "subject":"repo:acme/app:ref:refs/heads/main","claims":{"repository":"acme/app","repository_owner":"acme",
             "workflow":"ci.yml","ref":"refs/heads/main","run_id":"4242","actor":"octo-cat","event_name":"push",
             "job_workflow_ref":"acme/app/.github/workflows/ci.yml@refs/heads/main","sha":"3f2a9c1e0b7d4a6f8e5c2b1a0d9e8f7c6b5a4e3d",
             "aud":"gatehouse","iss":"https://token.actions.githubusercontent.com"},"connection":"demo-db","protocol":"POSTGRES",
             "operation":{"method":"SELECT","path":"demo-db","statement":"SELECT abalance FROM pgbench_accounts WHERE aid = $1",
             "attributes":{"fingerprint":"6f1c2a","rows":"1","tables":"pgbench_accounts","audit":"async"}},
             "verdict":"ALLOW","ruleId":"db-reads","masking":{"applied":false},"status":0,"durationMs":0,"policyVersion":17,
             "leaseId":"lease-9f8e7d6c"}""");

    @Benchmark
    public String canonical() {
        return CanonicalJson.string(leaf);
    }
}
