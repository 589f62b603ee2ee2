package dev.gatehouse.deploy.helm;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** helm/gatehouse/README.md documents every value of values.yaml. */
class ChartReadmeTests {

    /** Values documented as a whole (their inside is Kubernetes' own structure or a per-service map). */
    private static final Set<String> OPAQUE = Set.of("podSecurityContext", "containerSecurityContext", "resources",
            "nodePorts", "databases", "startup", "liveness", "readiness", "ingressControllerSelector");

    @Test
    void everyValueIsDocumented() throws IOException {
        String readme = Files.readString(Chart.chartDir().resolve("README.md"));
        Map<String, Object> values = new Yaml().load(Files.readString(Chart.chartDir().resolve("values.yaml")));
        List<String> keys = new ArrayList<>();
        flatten("", values, keys);

        assertThat(keys).hasSizeGreaterThan(50)
                .filteredOn(k -> !readme.contains("`" + k + "`"))
                .as("values missing from helm/gatehouse/README.md").isEmpty();
    }

    private static void flatten(String path, Object node, List<String> keys) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        if (node instanceof Map<?, ?> map && !map.isEmpty() && !OPAQUE.contains(last)) {
            map.forEach((k, v) -> {
                String key = path.equals("services") ? "<name>" : k.toString();
                flatten(path.isEmpty() ? key : path + "." + key, v, keys);
            });
        } else if (!keys.contains(path)) {
            keys.add(path);
        }
    }
}
