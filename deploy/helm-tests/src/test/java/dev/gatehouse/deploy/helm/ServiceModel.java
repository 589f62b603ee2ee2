package dev.gatehouse.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What configuration a service really has, read from the repository: the keys of its
 * {@code <service>.yml}, the {@code ${PLACEHOLDERS}} it reads, its own {@code @ConfigurationProperties}
 * records, and Spring Boot's property metadata for the namespaces the yml uses.
 */
final class ServiceModel {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern CONFIG_PROPS = Pattern.compile("@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*)?(\"[^\"]+\"|[A-Za-z.]+PREFIX)\\s*\\)");
    private static final Pattern PREFIX_CONSTANT = Pattern.compile("PREFIX\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern RECORD = Pattern.compile("record\\s+(\\w+)\\s*\\(");
    private static final Map<String, JsonNode> BOOT_METADATA = bootMetadata();

    final String service;
    final Set<String> ymlLeaves = new HashSet<>();     // env form
    final Set<String> ymlSections = new HashSet<>();   // dotted, every prefix of every key
    final Set<String> placeholders = new HashSet<>();
    final Map<String, String> propertyPrefixes = new HashMap<>();  // env form of prefix -> record name
    final Map<String, Map<String, String>> records = new HashMap<>(); // record -> env form of component -> type

    private ServiceModel(String service) {
        this.service = service;
    }

    static ServiceModel read(Path repoRoot, String service) {
        ServiceModel model = new ServiceModel(service);
        Path module = repoRoot.resolve("services").resolve(service);
        model.readYml(module.resolve("src/main/resources/" + service + ".yml"));
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(model::readJava);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return model;
    }

    /** Spring's relaxed binding for environment variables: dots to _, dashes dropped, [i] to _i, upper case. */
    static String envForm(String property) {
        return property.replace("[", ".").replace("]", "").replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** Why {@code env} is a property of this service, or null when it is not. */
    String explain(String env) {
        if (placeholders.contains(env)) {
            return "placeholder in " + service + ".yml";
        }
        if (ymlLeaves.contains(env)) {
            return "key in " + service + ".yml";
        }
        for (Map.Entry<String, String> prefix : propertyPrefixes.entrySet()) {
            if (env.startsWith(prefix.getKey() + "_")
                    && walk(prefix.getValue(), env.substring(prefix.getKey().length() + 1).split("_"), 0)) {
                return "@ConfigurationProperties record " + prefix.getValue();
            }
        }
        for (Map.Entry<String, JsonNode> boot : BOOT_METADATA.entrySet()) {
            String name = boot.getKey();
            if (!usesNamespace(name)) {
                continue;
            }
            String type = boot.getValue().path("type").asText("");
            if (env.equals(envForm(name)) || (type.startsWith("java.util.Map") && env.startsWith(envForm(name) + "_"))) {
                return "Spring Boot property " + name;
            }
        }
        return null;
    }

    /** The service configures this part of Boot at all (e.g. approval-service has no spring.kafka). */
    private boolean usesNamespace(String bootProperty) {
        String[] parts = bootProperty.split("\\.");
        String namespace = parts[0].equals("spring") && parts.length > 2 ? parts[0] + "." + parts[1] : parts[0];
        if (namespace.equals("spring.security") && parts.length > 3) {
            namespace = String.join(".", parts[0], parts[1], parts[2], parts[3]);
        }
        return ymlSections.contains(namespace);
    }

    private boolean walk(String record, String[] segments, int i) {
        Map<String, String> components = records.get(record);
        if (components == null || i >= segments.length) {
            return false;
        }
        String type = components.get(segments[i]);
        if (type == null) {
            return false;
        }
        if (i == segments.length - 1) {
            return true;
        }
        if (type.startsWith("Map<")) {
            return true;  // the rest is a map key
        }
        Matcher list = Pattern.compile("(?:List|Set)<(\\w+)>").matcher(type);
        if (list.matches() && segments[i + 1].matches("\\d+")) {
            return i + 2 < segments.length ? walk(list.group(1), segments, i + 2) : true;
        }
        return walk(type, segments, i + 1);
    }

    private void readYml(Path yml) {
        try {
            String text = Files.readString(yml);
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                placeholders.add(m.group(1));
            }
            Object root = new Yaml().load(text);
            flatten("", root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flatten(String path, Object node) {
        if (!path.isEmpty()) {
            ymlSections.add(path);
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(path.isEmpty() ? k.toString() : path + "." + k, v));
        } else if (node instanceof List<?> list) {
            ymlLeaves.add(envForm(path));
            for (int i = 0; i < list.size(); i++) {
                flatten(path + "[" + i + "]", list.get(i));
            }
        } else {
            ymlLeaves.add(envForm(path));
        }
    }

    private void readJava(Path file) {
        String src;
        try {
            src = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher rec = RECORD.matcher(src);
        while (rec.find()) {
            records.put(rec.group(1), components(src, rec.end()));
        }
        Matcher cp = CONFIG_PROPS.matcher(src);
        if (cp.find()) {
            String prefix = cp.group(1).startsWith("\"") ? cp.group(1).replace("\"", "") : constant(src);
            Matcher first = RECORD.matcher(src.substring(cp.end()));
            if (prefix != null && first.find()) {
                propertyPrefixes.put(envForm(prefix), first.group(1));
            }
        }
    }

    private static String constant(String src) {
        Matcher m = PREFIX_CONSTANT.matcher(src);
        return m.find() ? m.group(1) : null;
    }

    /** Record components from the header starting at {@code from}: env-form name -> simple type. */
    private static Map<String, String> components(String src, int from) {
        int depth = 1;
        int i = from;
        while (i < src.length() && depth > 0) {
            char c = src.charAt(i++);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        String header = src.substring(from, i - 1)
                .replaceAll("@\\w+(\\.\\w+)*(\\([^)]*\\))?", " ")   // annotations, with arguments
                .replaceAll("\\s+", " ");
        Map<String, String> result = new LinkedHashMap<>();
        for (String param : splitTopLevel(header)) {
            String p = param.trim();
            int space = p.lastIndexOf(' ');
            if (space > 0) {
                String type = p.substring(0, space).replace(" ", "");
                result.put(p.substring(space + 1).toUpperCase(Locale.ROOT), type.replaceAll("\\w+\\.", ""));
            }
        }
        return result;
    }

    private static List<String> splitTopLevel(String header) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : header.toCharArray()) {
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static Map<String, JsonNode> bootMetadata() {
        Map<String, JsonNode> properties = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try {
            for (URL url : Collections.list(ServiceModel.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode p : json.readTree(in).path("properties")) {
                        properties.put(p.path("name").asText(), p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
