package dev.gatehouse.policy.version;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.policy.PolicyServiceIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static dev.gatehouse.policy.version.Policies.marker;
import static dev.gatehouse.policy.version.Policies.policy;
import static dev.gatehouse.policy.version.Policies.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Storing, reading and rolling back policy versions over REST. */
class PolicyApiIT extends PolicyServiceIT {

    @Autowired
    private PolicyVersions versions;

    private static final String INVALID_REQUEST = ProblemTypes.INVALID_REQUEST.toString();

    @Test
    void storesVersionsReadsThemBackAndRollsBack() throws Exception {
        String first = policy(marker());
        String second = policy(marker());

        long v1 = version(performYaml(put("/api/v1/policies").header("Gatehouse-Policy-Comment", "first cut"), ADMIN, first)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.author").value("alice"))
                .andExpect(jsonPath("$.comment").value("first cut"))
                .andExpect(jsonPath("$.sha256").value(PolicyVersions.sha256(first)))
                .andExpect(jsonPath("$.createdAt").isString())
                .andExpect(jsonPath("$.rolledBackFrom").doesNotExist()));
        long v2 = version(storePolicy(second)
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/policies/versions/" + (v1 + 1)))
                .andExpect(header().string("ETag", "\"" + (v1 + 1) + "\""))
                .andExpect(header().string("Gatehouse-Policy-Version", Long.toString(v1 + 1))));

        perform(get("/api/v1/policies/versions"), ADMIN).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].version").value(v2))
                .andExpect(jsonPath("$[1].version").value(v1))
                .andExpect(jsonPath("$[1].comment").value("first cut"))
                .andExpect(jsonPath("$[0].document").doesNotExist());
        perform(get("/api/v1/policies/versions/" + v1), ADMIN).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(YAML))
                .andExpect(content().string(first));
        perform(get("/api/v1/policies/active"), ADMIN).andExpect(status().isOk())
                .andExpect(header().string("Gatehouse-Policy-Version", Long.toString(v2)))
                .andExpect(content().string(second));

        long v3 = version(perform(post("/api/v1/policies/versions/" + v1 + "/rollback"), ADMIN)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.rolledBackFrom").value(v1))
                .andExpect(jsonPath("$.comment").value("rollback to version " + v1))
                .andExpect(jsonPath("$.sha256").value(PolicyVersions.sha256(first))));
        perform(get("/api/v1/policies/active"), ADMIN)
                .andExpect(header().string("ETag", "\"" + v3 + "\""))
                .andExpect(content().string(first));
        perform(get("/api/v1/policies/active").header("If-None-Match", "\"" + v3 + "\""), ADMIN)
                .andExpect(status().isNotModified());
    }

    @Test
    void storingTheActiveDocumentAgainCreatesNoVersion() throws Exception {
        String document = policy(marker());
        long version = version(storePolicy(document).andExpect(status().isCreated()));

        storePolicy(document).andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(version))
                .andExpect(header().doesNotExist("Location"));
        perform(get("/api/v1/policies/versions").param("limit", "1"), ADMIN)
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].version").value(version));
    }

    @Test
    void concurrentWritersGetDistinctConsecutiveVersions() throws Exception {
        List<Callable<Long>> writers = IntStream.range(0, 6).<Callable<Long>>mapToObj(i -> () -> versions.store(
                policy(marker()), new Author("https://idp", "writer-" + i), null, VersionPrecondition.NONE, null)
                .info().version()).toList();

        List<Long> stored = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Long> result : pool.invokeAll(writers)) {
                stored.add(result.get());
            }
        }

        Collections.sort(stored);
        assertThat(stored).doesNotHaveDuplicates();
        assertThat(stored.getLast() - stored.getFirst()).isEqualTo(5);
    }

    @Test
    void ifMatchRefusesAWriteBasedOnAnOlderVersion() throws Exception {
        long active = version(storePolicy(policy(marker())));

        performYaml(put("/api/v1/policies").header("If-Match", "\"" + (active - 1) + "\""), ADMIN, policy(marker()))
                .andExpectAll(problem(412, ProblemTypes.CONFLICT.toString()))
                .andExpect(jsonPath("$.activeVersion").value(active));
        perform(get("/api/v1/policies/active"), ADMIN).andExpect(header().string("ETag", "\"" + active + "\""));

        performYaml(put("/api/v1/policies").header("If-Match", "\"" + active + "\""), ADMIN, policy(marker()))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.version").value(active + 1));
        performYaml(put("/api/v1/policies").header("If-Match", "*"), ADMIN, policy(marker()))
                .andExpect(status().isCreated());
        performYaml(put("/api/v1/policies").header("If-Match", "latest"), ADMIN, policy(marker()))
                .andExpectAll(problem(400, INVALID_REQUEST));
    }

    @Test
    void anInvalidDocumentIsRefusedWithEveryErrorAndThePreviousVersionStaysActive() throws Exception {
        String good = policy(marker());
        long active = version(storePolicy(good));
        String bad = good.replace("    action: allow\n", """
                    action: allow
                    subject: {condition: 'claim.repository == "acme/app"'}
                    actoin: deny
                """);

        performYaml(put("/api/v1/policies"), ADMIN, bad)
                .andExpectAll(problem(400, INVALID_REQUEST))
                .andExpect(jsonPath("$.detail").value(startsWith("line 11, rules[0].subject.condition: at 1:")))
                .andExpect(jsonPath("$.errors[0].line").value(11))
                .andExpect(jsonPath("$.errors[0].field").value("rules[0].subject.condition"))
                .andExpect(jsonPath("$.errors[1].line").value(12))
                .andExpect(jsonPath("$.errors[1].column").value(5))
                .andExpect(jsonPath("$.errors[1].field").value("rules[0].actoin"))
                .andExpect(jsonPath("$.errors[1].message").value(startsWith("unknown field 'actoin'")));
        performYaml(put("/api/v1/policies"), ADMIN, "apiVersion: gatehouse.dev/v1\nrules:\n  - id: r\n   action: allow\n")
                .andExpectAll(problem(400, INVALID_REQUEST))
                .andExpect(jsonPath("$.errors[0].line").value(4));

        perform(get("/api/v1/policies/active"), ADMIN)
                .andExpect(header().string("Gatehouse-Policy-Version", Long.toString(active)))
                .andExpect(content().string(good));
        perform(get("/api/v1/policies/versions").param("limit", "1"), ADMIN).andExpect(jsonPath("$[0].version").value(active));
    }

    @Test
    void validateChecksWithoutStoring() throws Exception {
        long active = version(storePolicy(policy(marker())));

        performYaml(post("/api/v1/policies/validate"), ADMIN, policy(marker()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.valid").value(true));
        performYaml(post("/api/v1/policies/validate"), ADMIN, "apiVersion: gatehouse.dev/v1\nonUnparsed: allow\n")
                .andExpectAll(problem(400, INVALID_REQUEST))
                .andExpect(jsonPath("$.errors[0].field").value("onUnparsed"));

        perform(get("/api/v1/policies/versions").param("limit", "1"), ADMIN).andExpect(jsonPath("$[0].version").value(active));
    }

    @Test
    void unknownVersionsAreNotFound() throws Exception {
        perform(get("/api/v1/policies/versions/999999"), ADMIN).andExpectAll(problem(404, ProblemTypes.NOT_FOUND.toString()));
        perform(post("/api/v1/policies/versions/999999/rollback"), ADMIN)
                .andExpectAll(problem(404, ProblemTypes.NOT_FOUND.toString()));
        perform(get("/api/v1/policies/versions/latest"), ADMIN).andExpectAll(problem(400, INVALID_REQUEST));
        perform(get("/api/v1/policies/versions").param("limit", "0"), ADMIN).andExpectAll(problem(400, INVALID_REQUEST));
    }

    @Test
    void acceptsTheUsualYamlMediaTypesAndRefusesOthersAndOversizedBodies() throws Exception {
        for (String type : new String[]{"text/plain", "application/x-yaml", "text/yaml;charset=UTF-8"}) {
            perform(put("/api/v1/policies").contentType(MediaType.parseMediaType(type)).content(policy(marker())), ADMIN)
                    .andExpect(status().isCreated());
        }
        perform(put("/api/v1/policies").contentType(MediaType.APPLICATION_JSON).content("{}"), ADMIN)
                .andExpect(status().isUnsupportedMediaType());
        performYaml(put("/api/v1/policies"), ADMIN, "# " + "x".repeat(1_100_000))
                .andExpectAll(problem(400, INVALID_REQUEST))
                .andExpect(jsonPath("$.detail").value(startsWith("line 1, column 1: the document is larger than")));
        perform(put("/api/v1/policies").contentType(YAML).content(new byte[]{'a', ':', ' ', (byte) 0xC3, '\n'}), ADMIN)
                .andExpectAll(problem(400, INVALID_REQUEST));
    }

    @Test
    void theOpenApiDescriptionShowsTheYamlBodies() throws Exception {
        perform(get("/v3/api-docs"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/policies'].put.requestBody.content['application/yaml']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/policies/validate'].post.requestBody.content['application/yaml']").exists());
    }
}
