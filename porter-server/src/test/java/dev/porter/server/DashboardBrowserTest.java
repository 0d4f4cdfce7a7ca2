package dev.porter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs the dashboard's browser scenarios ({@code src/test/browser/dashboard.test.mjs}: Playwright
 * driving Debian's headless Chromium) against a live {@link DashboardTestServer}. Enabled by the
 * {@code browser-tests} Maven profile, which {@code .ci/run} uses after installing Chromium and the
 * npm packages; a plain build skips it. Screenshots and Node's output land in {@code target/browser/}.
 */
@EnabledIfSystemProperty(named = "porter.browserTests", matches = "true")
class DashboardBrowserTest {

    @Test
    void dashboardScenariosPassInHeadlessChromium() throws Exception {
        Path out = Path.of("target", "browser").toAbsolutePath();
        Files.createDirectories(out);
        Path log = out.resolve("node-output.txt");
        try (DashboardTestServer server = DashboardTestServer.start(0)) {
            ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-concurrency=1", "dashboard.test.mjs")
                    .directory(new File("src/test/browser")).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("PORTER_URL", server.url());
            pb.environment().put("PORTER_ADMIN_TOKEN", DashboardTestServer.ADMIN_TOKEN);
            pb.environment().put("PORTER_READ_TOKEN", DashboardTestServer.READ_TOKEN);
            pb.environment().put("SCREENSHOTS", out.toString());
            Process node = pb.start();
            boolean ended = node.waitFor(4, TimeUnit.MINUTES);
            if (!ended) {
                node.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(ended, "the browser tests ran over 4 minutes:\n" + output);
            assertEquals(0, node.exitValue(), "the browser tests failed:\n" + output);
        }
    }
}
