package dev.gatehouse.proxy.masking.detect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The generated half of the labelled corpus: for every format of {@link CloudAndAiFormats},
 * {@link DeveloperFormats} and {@link BusinessFormats}, {@value #PER_FORMAT} fakes (fixed seed) each put
 * in a different context a response or a log really shows them in: an {@code .env} line, a shell export,
 * a JSON field, YAML, a log line without any name, an Authorization header, a CLI flag, a URL parameter
 * (URL-encoded), JSON-escaped text inside a log line, a Kubernetes Secret's base64 {@code data}. Formats
 * without a prefix of their own only appear under their usual name. Plus {@link GenericSamples} and
 * {@link PiiSamples}.
 */
final class GeneratedCorpus {

    static final int PER_FORMAT = 8;
    private static final long SEED = 20_261_206L;

    private record Context(String name, boolean needsName, boolean tokenOnly, BiFunction<String, String, String> text) {
    }

    /** Each context gets the variable name and the value; {@link #secretIn} says how the value appears in it. */
    private static final List<Context> CONTEXTS = List.of(
            new Context("env", true, false, (n, v) -> n + "=" + v),
            new Context("export", true, false, (n, v) -> "export " + n + "=\"" + v + "\""),
            new Context("json", true, false, (n, v) -> "{\"service\": \"billing\", \"" + snake(n) + "\": \"" + v
                    + "\", \"retries\": 3}"),
            new Context("yaml", true, false, (n, v) -> "spring:\n  cloud:\n    " + kebab(n) + ": " + v + "\n    timeout: 30s"),
            new Context("log", false, true, (n, v) -> "2024-05-17T10:12:01Z WARN [worker-3] upstream rejected credential "
                    + v + " (401), rotating"),
            new Context("header", false, true, (n, v) -> "> GET /v1/items HTTP/1.1\n> Authorization: Bearer " + v
                    + "\n> Accept: */*"),
            new Context("cli", true, false, (n, v) -> "deploy --" + kebab(n) + " " + v + " --region eu-west-1"),
            new Context("query", true, true, (n, v) -> "GET /v1/sync?" + snake(n) + "=" + encode(v) + "&page=2 HTTP/1.1"),
            new Context("json-escaped", true, false, (n, v) -> "2024-05-17T10:12:01Z DEBUG body=\"{\\\"msg\\\":\\\"env:\\n" + n
                    + "=" + v + "\\nREGION=eu-west-1\\\"}\""),
            new Context("k8s-secret", false, false, (n, v) -> "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci\ndata:\n  "
                    + kebab(n) + ": " + base64(v)));

    private GeneratedCorpus() {
    }

    static List<FakeFormat> formats() {
        return Stream.of(CloudAndAiFormats.all(), DeveloperFormats.all(), BusinessFormats.all())
                .flatMap(List::stream).toList();
    }

    static List<Corpus.Sample> positives() {
        Fakes fakes = new Fakes(SEED);
        List<Corpus.Sample> samples = new ArrayList<>();
        List<FakeFormat> formats = formats();
        for (int f = 0; f < formats.size(); f++) {
            FakeFormat format = formats.get(f);
            List<Context> contexts = CONTEXTS.stream().filter(c -> applies(c, format.kind())).toList();
            for (int k = 0; k < PER_FORMAT; k++) {
                Context context = contexts.get((f + k) % contexts.size());
                FakeFormat.Fake fake = format.make().apply(fakes);
                String text = context.text().apply(format.envName(), fake.value());
                samples.add(new Corpus.Sample("generated:" + format.name() + ":" + context.name(), k,
                        Set.of(format.detector()), text, List.of(secretIn(context, fake))));
            }
        }
        samples.addAll(GenericSamples.all(fakes));
        samples.addAll(PiiSamples.all(fakes));
        return samples;
    }

    private static boolean applies(Context context, FakeFormat.Kind kind) {
        return switch (kind) {
            case TOKEN -> true;
            case COMPOUND -> !context.tokenOnly();
            case NAMED -> context.needsName() && !context.name().equals("k8s-secret");
        };
    }

    /** The secret as it stands in the context's text: encoded where the context encodes the value. */
    private static String secretIn(Context context, FakeFormat.Fake fake) {
        return switch (context.name()) {
            case "query" -> encode(fake.value()).contains(encode(fake.secret())) ? encode(fake.secret()) : encode(fake.value());
            case "k8s-secret" -> base64(fake.value());
            default -> fake.secret();
        };
    }

    static String snake(String envName) {
        return envName.toLowerCase(Locale.ROOT);
    }

    static String kebab(String envName) {
        return envName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String base64(String value) {
        return java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
