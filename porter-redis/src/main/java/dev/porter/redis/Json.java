package dev.porter.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.porter.JobError;
import dev.porter.JobStatus;
import dev.porter.TryError;
import dev.porter.spi.JobEvent;
import dev.porter.spi.WorkerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The JSON this store writes: worker records, and the event arrays the scripts publish. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Values per event in a published message. */
    private static final int EVENT_VALUES = 8;

    private Json() {}

    static String worker(WorkerRecord worker) {
        try {
            return MAPPER.writeValueAsString(worker);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("worker record cannot be written as JSON", e);
        }
    }

    static WorkerRecord worker(String json) {
        try {
            return MAPPER.readValue(json, WorkerRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable worker record in Redis: " + json, e);
        }
    }

    /** Parses a job's error list: {t, at, ty, m, s} objects, oldest first (lua/lib.lua add_error). */
    static List<TryError> tryErrors(List<String> entries) {
        List<TryError> errors = new ArrayList<>(entries.size());
        for (String entry : entries) {
            try {
                JsonNode e = MAPPER.readTree(entry);
                errors.add(new TryError(e.path("t").asInt(), Instant.ofEpochMilli(e.path("at").asLong()),
                        new JobError(e.path("ty").asText(), e.path("m").asText(), e.path("s").asText())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable try error in Redis: " + entry, e);
            }
        }
        return errors;
    }

    /**
     * Parses one pub/sub message: a flat JSON array of 8 values per event (kind, id, queue, function,
     * status, at, progress, message; false where absent), as lua/lib.lua's event() collects them.
     */
    static List<JobEvent> events(String message) throws JsonProcessingException {
        JsonNode array = MAPPER.readTree(message);
        if (!array.isArray() || array.size() % EVENT_VALUES != 0) {
            throw new IllegalArgumentException("not an array of " + EVENT_VALUES + " values per event");
        }
        List<JobEvent> events = new ArrayList<>(array.size() / EVENT_VALUES);
        for (int i = 0; i < array.size(); i += EVENT_VALUES) {
            JsonNode progress = array.get(i + 6);
            JsonNode text = array.get(i + 7);
            events.add(new JobEvent(
                    JobEvent.Kind.valueOf(array.get(i).asText()),
                    array.get(i + 1).asText(),
                    array.get(i + 2).asText(),
                    array.get(i + 3).isTextual() ? array.get(i + 3).asText() : "",
                    JobStatus.fromWire(array.get(i + 4).asText()),
                    progress.isNumber() ? progress.asDouble() : null,
                    text.isTextual() ? text.asText() : null,
                    Instant.ofEpochMilli(array.get(i + 5).asLong())));
        }
        return events;
    }
}
