package dev.gatehouse.local;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.StringJoiner;

/**
 * A watch as kubectl asks for it, over plain HTTP ({@code ?watch=true}): fabric8's CRUD double serves
 * watches over WebSocket only (its own client's way) and answers this one 400. Here it is the objects the
 * list holds now, one {@code ADDED} event per line, and the end of the stream (a real API server would
 * keep it open; kubectl prints the events and ends when the stream does).
 */
final class DemoWatch {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DemoWatch() {
    }

    static boolean isWatch(RecordedRequest request) {
        return "GET".equals(request.getMethod()) && request.getPath().contains("watch=true")
                && !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    static MockResponse answer(RecordedRequest request, Dispatcher crud) {
        String path = request.getPath();
        int question = path.indexOf('?');
        StringJoiner kept = new StringJoiner("&");
        for (String parameter : path.substring(question + 1).split("&")) {
            String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
            if (!name.equals("watch") && !name.equals("resourceVersion") && !name.equals("allowWatchBookmarks")
                    && !name.equals("timeoutSeconds")) {
                kept.add(parameter);
            }
        }
        String list = path.substring(0, question) + (kept.length() == 0 ? "" : "?" + kept);
        MockResponse listed = crud.dispatch(new RecordedRequest("GET " + list + " HTTP/1.1", HttpMethod.GET, list,
                request.getHeaders(), new Buffer()));
        StringBuilder events = new StringBuilder();
        if (listed.code() == 200 && listed.getBody() != null) {
            for (JsonNode item : JSON.readTree(listed.getBody().readUtf8()).path("items")) {
                events.append("{\"type\":\"ADDED\",\"object\":").append(item).append("}\n");
            }
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(events.toString());
    }
}
