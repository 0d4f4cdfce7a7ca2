package dev.porter.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.porter.InvalidJobException;

/**
 * The one JSON codec of Porter: args, results and wire payloads. Strict on input (unknown fields in
 * a typed argument fail), so a job whose args do not fit its function fails with a clear message
 * instead of running with half its data.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes any JSON-able value as JSON text. */
    public static String write(Object value) {
        if (value == null) {
            return "null"; // the result of every void job: not worth a generator
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidJobException("args", "cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** Parses JSON text, naming {@code field} in the error when it is not JSON. */
    public static JsonNode parse(String json, String field) {
        if (json == null) {
            throw new InvalidJobException(field, "is required");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidJobException(field, "is empty; expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidJobException(field, "is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    /** Binds JSON text to a type, naming {@code field} and the type when it does not fit. */
    @SuppressWarnings("unchecked")
    public static <T> T read(String json, JavaType type, String field) {
        if ("null".equals(json) && (type.getRawClass() == JsonNode.class || type.getRawClass() == Object.class)) {
            // jobs without args: what Jackson answers, without a parser per job
            return type.getRawClass() == JsonNode.class ? (T) MAPPER.nullNode() : null;
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new InvalidJobException(field, "does not fit " + type.getRawClass().getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    public static JavaType type(Class<?> type) {
        return MAPPER.constructType(type);
    }
}
