package dev.porter.server;

import dev.porter.architecture.ModuleBoundaries;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server talks to stores only through the SPI: no store, CLI or example code in its classes. */
class ServerBoundariesTest {
    @Test
    void serverUsesNoStoreCliOrExampleCode() throws Exception {
        Path classes = Path.of(PorterServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleBoundaries.assertNoReferences(classes, List.of(
                "dev.porter.sqlite", "dev.porter.redis", "dev.porter.cli", "dev.porter.bench", "dev.porter.examples",
                "java.sql", "io.lettuce", "picocli"));
    }
}
