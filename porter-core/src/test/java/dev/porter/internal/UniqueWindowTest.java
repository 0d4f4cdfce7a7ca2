package dev.porter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UniqueWindowTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Instant T = Instant.parse("2026-03-10T10:07:30Z");

    private static String id(String fn, String args, String key, Instant at) {
        return UniqueWindow.of(fn, args, key, MINUTE, at).id();
    }

    @Test
    void sameFunctionAndArgsInOneWindowIsOneId() {
        assertThat(id("refresh", "{\"a\":1,\"b\":[1,2]}", null, T))
                .isEqualTo(id("refresh", "{\"b\":[1,2],\"a\":1}", null, T.plusSeconds(29)));
    }

    @Test
    void anotherWindowArgsOrFunctionIsAnotherId() {
        String base = id("refresh", "{\"a\":1}", null, T);
        assertThat(id("refresh", "{\"a\":1}", null, T.plusSeconds(30))).isNotEqualTo(base);
        assertThat(id("refresh", "{\"a\":2}", null, T)).isNotEqualTo(base);
        assertThat(id("reload", "{\"a\":1}", null, T)).isNotEqualTo(base);
    }

    @Test
    void aKeyReplacesFunctionAndArgs() {
        assertThat(id("refresh", "{\"a\":1}", "user-7", T)).isEqualTo(id("other", "[]", "user-7", T));
    }

    @Test
    void theWindowMustBePositive() {
        assertThatThrownBy(() -> UniqueWindow.of("f", "{}", null, Duration.ZERO, T)).hasMessageContaining("uniqueFor");
    }
}
