package dev.gatehouse.local;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The demo Kubernetes cluster: fabric8's API server double in CRUD mode (objects created, read,
 * patched, deleted and watched as a real API server would, kept in memory), served over TLS with a
 * self-signed certificate for {@code localhost} that is also the CA the connection trusts. It adds the
 * discovery documents kubectl reads first ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /version}),
 * and keeps a record of each request's headers, so tests can check what reached the cluster. It reads
 * JSON bodies only (kubectl apply); a protobuf body (kubectl create, kubectl run) is answered 415. A pod's
 * exec, attach and log are {@link DemoPodStreams}, a watch over HTTP is {@link DemoWatch}.
 */
public final class DemoCluster implements AutoCloseable {

    /** What the cluster saw; header names lower-cased. */
    public record Received(String method, String path, Map<String, List<String>> headers) {
    }

    private static final String VERBS = "[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\","
            + "\"update\",\"watch\"]";
    private static final String RESOURCES = "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\","
            + "\"groupVersion\":\"v1\",\"resources\":["
            + resource("pods", "pod", "Pod", true) + "," + resource("configmaps", "configmap", "ConfigMap", true) + ","
            + resource("secrets", "secret", "Secret", true) + "," + resource("namespaces", "namespace", "Namespace", false)
            + ",{\"name\":\"pods/log\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\"]}"
            + ",{\"name\":\"pods/exec\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"PodExecOptions\","
            + "\"verbs\":[\"create\",\"get\"]}"
            + ",{\"name\":\"pods/attach\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"PodAttachOptions\","
            + "\"verbs\":[\"create\",\"get\"]}]}";
    private static final Map<String, String> DISCOVERY = Map.of(
            "/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"localhost:6443\"}]}",
            "/apis", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}",
            "/api/v1", RESOURCES,
            "/version", "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\",\"platform\":\"linux/amd64\"}");

    private static final String NOT_FOUND = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"status\":\"Failure\",\"message\":\"not found\",\"reason\":\"NotFound\",\"code\":404}";

    private static final String UNSUPPORTED = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"status\":\"Failure\",\"message\":\"the demo cluster reads JSON bodies only: use kubectl apply -f\","
            + "\"reason\":\"UnsupportedMediaType\",\"code\":415}";

    private final KubernetesMockServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private DemoCluster() {
        Dispatcher crud = new KubernetesMixedDispatcher(new HashMap<>());
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new Recording(crud), true);
    }

    /** Starts the cluster on {@code port} (0: a free one) of the loopback interface. */
    public static DemoCluster start(int port) {
        DemoCluster cluster = new DemoCluster();
        cluster.server.start(InetAddress.getLoopbackAddress(), port);
        return cluster;
    }

    /** The API server's URL, with the host name its certificate names. */
    public String url() {
        return "https://localhost:" + server.getPort();
    }

    /** The cluster's CA certificate (PEM): what the connection's {@code caCertificate} setting holds. */
    public String caCertificate() {
        try {
            return Files.readString(Path.of(server.getSelfSignedCertificate().certificatePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.shutdown();
    }

    private static String resource(String name, String singular, String kind, boolean namespaced) {
        return "{\"name\":\"" + name + "\",\"singularName\":\"" + singular + "\",\"namespaced\":" + namespaced
                + ",\"kind\":\"" + kind + "\",\"verbs\":" + VERBS + "}";
    }

    /** Records each request, answers discovery, and hands everything else to the CRUD dispatcher. */
    private final class Recording extends Dispatcher {

        private final Dispatcher crud;

        Recording(Dispatcher crud) {
            this.crud = crud;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            Map<String, List<String>> headers = new TreeMap<>();
            request.getHeaders().toMultimap().forEach((name, values) ->
                    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new java.util.ArrayList<>())
                            .addAll(values));
            String path = request.getPath();
            received.add(new Received(request.getMethod(), path, headers));
            int query = path.indexOf('?');
            String document = DISCOVERY.get(query < 0 ? path : path.substring(0, query));
            String type = request.getHeader("Content-Type");
            if (type != null && type.contains("protobuf")) {
                // kubectl create/run send built-in types as protobuf; the double reads JSON (kubectl apply -f).
                return new MockResponse().setResponseCode(415).setHeader("Content-Type", "application/json")
                        .setBody(UNSUPPORTED);
            }
            if (path.startsWith("/openapi/")) {
                // No OpenAPI documents: kubectl then validates nothing client-side (--validate=false).
                return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                        .setBody(NOT_FOUND);
            }
            if (DemoWatch.isWatch(request)) {
                return DemoWatch.answer(request, crud);
            }
            MockResponse stream = DemoPodStreams.answer(request);
            if (stream != null) {
                return stream;
            }
            if (document != null && "GET".equals(request.getMethod())) {
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                        .setBody(document);
            }
            return json(crud.dispatch(request));
        }

        /**
         * The double leaves its JSON answers without {@code Content-Type: application/json}, which a real API
         * server always sends (and which the proxy needs to mask a Secret's fields: it refuses otherwise).
         */
        private MockResponse json(MockResponse response) {
            String type = response.header("Content-Type");
            if (type == null || !type.contains("json")) {
                response.setHeader("Content-Type", "application/json");
            }
            return response;
        }

        @Override
        public void shutdown() {
            crud.shutdown();
        }
    }
}
