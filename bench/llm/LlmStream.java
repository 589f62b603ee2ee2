import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * bench/llm-stream.sh's client: the same streamed chat completion (an answer of CHUNKS events from the
 * provider double) straight to the double and through Gatehouse's /llm/demo-llm, alternating, and the same
 * whole call with a large prompt (masked whole by Gatehouse before it leaves). Prints medians and p90s.
 * Arguments: token direct-url gatehouse-url runs chunks prompt-kb [pause-ms]. The streamed calls run first, then the
 * large prompts, so a prompt's audit work (a 64 KB payload into the ledger) does not fall into a streamed call's
 * first chunk; pause-ms (default 0) waits between calls, as an agent thinks between model calls.
 */
public final class LlmStream {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String token = args[0];
        String direct = args[1];
        String gatehouse = args[2];
        int runs = Integer.parseInt(args[3]);
        int chunks = Integer.parseInt(args[4]);
        int promptKb = Integer.parseInt(args[5]);
        long pause = args.length > 6 ? Long.parseLong(args[6]) : 0;
        String stream = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":4000,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"bench:" + chunks + "\"}]}";
        String prompt = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\""
                + filler(promptKb * 1024) + "\"}]}";
        for (int i = 0; i < 3; i++) { // warm-up, both paths
            streamed(direct, token, stream, chunks);
            streamed(gatehouse, token, stream, chunks);
        }
        List<long[]> d = new ArrayList<>();
        List<long[]> g = new ArrayList<>();
        List<Long> pd = new ArrayList<>();
        List<Long> pg = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            d.add(streamed(direct, token, stream, chunks));
            Thread.sleep(pause);
            g.add(streamed(gatehouse, token, stream, chunks));
            Thread.sleep(pause);
        }
        for (int i = 0; i < runs; i++) {
            pd.add(whole(direct, token, prompt));
            pg.add(whole(gatehouse, token, prompt));
        }
        System.out.printf("streamed answer, %d chunks, %d runs each, %d ms between calls (ms, median / p90):%n",
                chunks, runs, pause);
        print("direct    ", d);
        print("gatehouse ", g);
        System.out.printf("time to first chunk added: %.2f ms (median)%n",
                (median(column(g, 0)) - median(column(d, 0))) / 1e6);
        double pdMs = median(pd) / 1e6;
        double pgMs = median(pg) / 1e6;
        System.out.printf("whole call with a %d KB prompt: direct %.1f ms, gatehouse %.1f ms (median); "
                + "prompt masking and inspection ≈ %.0f MB/s%n", promptKb, pdMs, pgMs,
                (promptKb / 1024.0) / Math.max(0.001, (pgMs - pdMs) / 1000));
    }

    /** {time to first chunk, total, chunks seen} in ns. */
    private static long[] streamed(String url, String token, String body, int expected) throws Exception {
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = HTTP.send(request(url, token, body),
                HttpResponse.BodyHandlers.ofInputStream());
        long first = 0;
        long seen = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ") && line.contains("\"content\":\"") && line.contains("token")) {
                    first = first == 0 ? System.nanoTime() - start : first;
                    seen++;
                }
                if (line.equals("data: [DONE]")) {
                    break;
                }
            }
        }
        if (response.statusCode() != 200 || seen < expected - 1) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + " with " + seen + " chunks");
        }
        return new long[]{first, System.nanoTime() - start, seen};
    }

    private static long whole(String url, String token, String body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request(url, token, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return System.nanoTime() - start;
    }

    private static HttpRequest request(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Log-like text: words, paths, numbers; no secrets (the masker's cost on ordinary prompt text). */
    private static String filler(int bytes) {
        StringBuilder text = new StringBuilder(bytes + 64);
        int i = 0;
        while (text.length() < bytes) {
            text.append("[INFO] step ").append(i++).append(" compiled src/main/java/App.java in 42 ms; tests passed. ");
        }
        return text.substring(0, bytes);
    }

    private static void print(String label, List<long[]> runs) {
        System.out.printf("  %s first chunk %.2f / %.2f   total %.1f / %.1f%n", label,
                median(column(runs, 0)) / 1e6, p90(column(runs, 0)) / 1e6,
                median(column(runs, 1)) / 1e6, p90(column(runs, 1)) / 1e6);
    }

    private static List<Long> column(List<long[]> runs, int k) {
        List<Long> values = new ArrayList<>();
        runs.forEach(r -> values.add(r[k]));
        return values;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double p90(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
    }
}
