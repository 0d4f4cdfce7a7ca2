package dev.porter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.json.Json;
import org.junit.jupiter.api.Test;

/** The codec's shortcuts for null args and results answer exactly what Jackson answers. */
class JsonTest {
    record Point(int x, int y) {}

    @Test
    void nullArgsBindAsJacksonBindsThem() throws Exception {
        for (Class<?> type : new Class<?>[] {JsonNode.class, Object.class, Point.class, String.class, Integer.class}) {
            Object viaJackson = Json.mapper().readValue("null", type);
            assertThat((Object) Json.read("null", Json.type(type), "args")).as(type.getSimpleName()).isEqualTo(viaJackson);
        }
        JsonNode node = Json.read("null", Json.type(JsonNode.class), "args");
        assertThat(node.isNull()).isTrue();
    }

    @Test
    void nullIsNoPrimitive() {
        assertThatThrownBy(() -> Json.read("null", Json.type(double.class), "args"))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("args");
    }

    @Test
    void aNullResultIsWrittenAsJacksonWritesIt() throws Exception {
        assertThat(Json.write(null)).isEqualTo(Json.mapper().writeValueAsString(null));
    }
}
