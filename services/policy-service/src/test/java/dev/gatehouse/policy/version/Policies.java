package dev.gatehouse.policy.version;

import com.jayway.jsonpath.JsonPath;
import org.springframework.test.web.servlet.ResultActions;

import java.io.UnsupportedEncodingException;
import java.util.UUID;

/** Distinct valid documents for API tests that share one database, and reading numbers out of responses. */
final class Policies {

    private Policies() {
    }

    /** A fresh slug, so each document differs from whatever another test left active. */
    static String marker() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static String policy(String marker) {
        return """
                # test policy %1$s
                apiVersion: gatehouse.dev/v1
                connections:
                  - {name: api-%1$s, type: http, upstream: "http://%1$s.internal:8080", description: "API %1$s"}
                  - {name: db-%1$s, type: postgres, upstream: "postgresql://%1$s.internal:5432/app"}
                rules:
                  - id: reads
                    connections: [api-%1$s]
                    match: {http: {methods: [GET], paths: ["/api/**"]}}
                    action: allow
                """.formatted(marker);
    }

    static long version(ResultActions result) throws UnsupportedEncodingException {
        return ((Number) JsonPath.read(result.andReturn().getResponse().getContentAsString(), "$.version")).longValue();
    }
}
