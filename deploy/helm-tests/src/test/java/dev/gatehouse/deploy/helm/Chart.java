package dev.gatehouse.deploy.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Runs Helm itself (the native library bundled by helm-java) on helm/gatehouse and parses what it renders. */
final class Chart {

    static final String RELEASE = "gh";
    static final List<String> SERVICES =
            List.of("edge-proxy", "policy-service", "approval-service", "audit-service", "credential-vault");

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Chart() {
    }

    /** The repository root, found from the module directory Surefire runs in (or the root itself). */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("helm/gatehouse")) && Files.isDirectory(p.resolve("services"))) {
                return p;
            }
        }
        throw new IllegalStateException("helm/gatehouse not found above " + dir);
    }

    static Path chartDir() {
        return repoRoot().resolve("helm/gatehouse");
    }

    static Path valuesFile(String name) {
        Path inChart = chartDir().resolve(name);
        return Files.exists(inChart) ? inChart : repoRoot().resolve("deploy/helm-tests/src/test/resources").resolve(name);
    }

    static LintResult lint() {
        return new Helm(chartDir()).lint().strict().call();
    }

    /**
     * helm lint --strict with a values file. helm-java's lint takes no values files, so the chart is
     * copied to target/ with that file deep-merged into its values.yaml (what Helm would merge too).
     */
    static LintResult lint(String valuesFile) {
        try {
            Path copy = repoRoot().resolve("deploy/helm-tests/target/lint").resolve(valuesFile.replace(".yaml", "")).resolve("gatehouse");
            if (Files.exists(copy)) {
                try (var old = Files.walk(copy)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try (var files = Files.walk(chartDir())) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(chartDir().relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml();
            Map<String, Object> merged = yaml.load(Files.readString(chartDir().resolve("values.yaml")));
            deepMerge(merged, yaml.load(Files.readString(valuesFile(valuesFile))));
            Files.writeString(copy.resolve("values.yaml"), yaml.dump(merged));
            return new Helm(copy).lint().strict().call();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void deepMerge(Map<String, Object> base, Map<String, Object> overlay) {
        overlay.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && base.get(k) instanceof Map<?, ?> b) {
                deepMerge((Map<String, Object>) b, (Map<String, Object>) m);
            } else {
                base.put(k, v);
            }
        });
    }

    /** helm template with the given values files (in order) and --set pairs. */
    static String template(List<String> valuesFiles, Map<String, Object> sets) {
        TemplateCommand cmd = new Helm(chartDir()).template().withName(RELEASE).withNamespace("gatehouse")
                .withKubeVersion("1.31.0");
        for (String file : valuesFiles) {
            cmd = cmd.withValuesFile(valuesFile(file));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            cmd = cmd.set(set.getKey(), set.getValue());
        }
        String manifests = cmd.call();
        keepForInspection(valuesFiles, manifests);
        return manifests;
    }

    /** target/rendered/<values>.yaml: what the assertions saw, for a human to read when one fails. */
    private static void keepForInspection(List<String> valuesFiles, String manifests) {
        try {
            Path dir = repoRoot().resolve("deploy/helm-tests/target/rendered");
            Files.createDirectories(dir);
            String name = valuesFiles.isEmpty() ? "default" : String.join("+", valuesFiles).replace(".yaml", "");
            Files.writeString(dir.resolve(name + ".yaml"), manifests);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Rendered render(List<String> valuesFiles, Map<String, Object> sets) {
        return new Rendered(parse(template(valuesFiles, sets)));
    }

    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : DOCUMENT_SEPARATOR.split(manifests)) {
            String body = doc.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
            if (!body.isBlank()) {
                objects.add(SERIALIZATION.unmarshal(body, HasMetadata.class));
            }
        }
        return objects;
    }

    /** The parsed output of one helm template run. */
    record Rendered(List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        List<HasMetadata> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
        }

        <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
            return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
        }

        <T extends HasMetadata> T get(Class<T> type, String name) {
            return find(type, name).orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name + " not rendered"));
        }

        Deployment deployment(String service) {
            return get(Deployment.class, name(service));
        }

        ConfigMap configMap(String service) {
            return get(ConfigMap.class, name(service));
        }

        NetworkPolicy networkPolicy(String service) {
            return get(NetworkPolicy.class, name(service));
        }

        /** Every rendered Secret value, decoded. */
        Map<String, String> secretValues() {
            Map<String, String> values = new LinkedHashMap<>();
            for (Secret secret : all(Secret.class)) {
                if (secret.getData() != null) {
                    secret.getData().forEach((k, v) -> values.put(secret.getMetadata().getName() + "/" + k,
                            new String(java.util.Base64.getDecoder().decode(v), java.nio.charset.StandardCharsets.UTF_8)));
                }
                if (secret.getStringData() != null) {
                    secret.getStringData().forEach((k, v) -> values.put(secret.getMetadata().getName() + "/" + k, v));
                }
            }
            return values;
        }
    }

    static String name(String service) {
        return RELEASE + "-gatehouse-" + service;
    }
}
