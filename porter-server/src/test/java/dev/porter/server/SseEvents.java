package dev.porter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Parses a Server-Sent Events body into events (comments dropped). */
record SseEvents(List<Event> events) {
    record Event(String name, String id, JsonNode data) {}

    static SseEvents parse(String body) {
        return parse(body.lines().toList());
    }

    static SseEvents parse(List<String> lines) {
        List<Event> events = new ArrayList<>();
        String name = null;
        String id = null;
        StringBuilder data = new StringBuilder();
        for (String line : lines) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    events.add(new Event(name == null ? "message" : name, id, Json.parse(data.toString(), "data")));
                }
                name = null;
                id = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            }
        }
        return new SseEvents(events);
    }

    Event last() {
        return events.get(events.size() - 1);
    }
}
