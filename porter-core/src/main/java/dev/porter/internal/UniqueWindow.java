package dev.porter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.porter.InvalidJobException;
import dev.porter.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * "Unique for a duration" as an id: the same key in the same epoch-aligned window always yields the
 * same job id, so the store's id dedup (which every store proves) is what enforces uniqueness.
 */
public record UniqueWindow(String id) {
    private static final ObjectMapper CANONICAL = Json.mapper().copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public static UniqueWindow of(String function, String argsJson, String key, Duration window, Instant now) {
        if (window.isNegative() || window.toMillis() < 1) {
            throw new InvalidJobException("uniqueFor", "must be at least 1 ms, was " + window);
        }
        String what = key != null ? "key:" + key : "fn:" + function + ":" + canonical(argsJson);
        long start = Math.floorDiv(now.toEpochMilli(), window.toMillis()) * window.toMillis();
        return new UniqueWindow("unique:" + sha256(what).substring(0, 32) + ":" + start);
    }

    /** The args with object keys sorted, so {"a":1,"b":2} and {"b":2,"a":1} are the same job. */
    private static String canonical(String argsJson) {
        try {
            JsonNode tree = Json.parse(argsJson, "args");
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(tree, Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidJobException("args", "cannot be read back: " + e.getOriginalMessage());
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
