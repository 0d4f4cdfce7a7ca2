package dev.porter.architecture;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** porter-core never knows a store, the server or the CLI, nor the libraries they are built on. */
class CoreBoundariesTest {
    @Test
    void coreUsesNoStoreServerOrCliCode() throws Exception {
        Path classes = Path.of(dev.porter.PorterClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleBoundaries.assertNoReferences(classes, List.of(
                "dev.porter.sqlite", "dev.porter.redis", "dev.porter.server", "dev.porter.cli", "dev.porter.bench",
                "dev.porter.examples", "java.sql", "io.lettuce", "io.javalin", "picocli"));
    }

    @Test
    void theCheckSeesAViolation() throws Exception {
        // Guards the guard: a class that does use java.sql must be reported.
        Path testClasses = Path.of(CoreBoundariesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        ModuleBoundaries.assertNoReferences(testClasses, List.of("java.sql")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("UsesSql");
    }

    @SuppressWarnings("unused")
    private static final class UsesSql {
        java.sql.Connection connection;
    }
}
