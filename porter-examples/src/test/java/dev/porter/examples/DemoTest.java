package dev.porter.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo in-process: every example runs against the sample site through the HTTP API. */
class DemoTest {
    static Demo demo;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        demo = Demo.start(0, "sqlite::memory:");
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void scrapeReadsTheTitleAndLinks() throws Exception {
        Scrape.Page page = Scrape.scrape(demo.site().url() + "articles/2");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.title()).isEqualTo("Article 2: Leases");
        assertThat(page.links()).containsExactly(demo.site().url());
    }

    @Test
    void crawlEnqueuesAScrapePerLinkAndTheyAllComplete() throws Exception {
        JsonNode crawl = finished(enqueue("crawl", "{\"url\":\"" + demo.site().url() + "\"}"));
        assertThat(crawl.get("status").asText()).isEqualTo("complete");
        List<String> titles = new ArrayList<>();
        for (JsonNode id : crawl.get("result").get("jobs")) {
            JsonNode scrape = finished(id.asText());
            assertThat(scrape.get("status").asText()).isEqualTo("complete");
            titles.add(scrape.get("result").get("title").asText());
        }
        assertThat(titles).hasSize(demo.site().articles()).allMatch(t -> t.startsWith("Article "));
    }

    @Test
    void reportSleepAndFlakyComplete() throws Exception {
        assertThat(finished(enqueue("report", "{\"steps\":2}")).get("result").get("steps").asInt()).isEqualTo(2);
        assertThat(finished(enqueue("sleep", "{\"seconds\":0.05}")).get("status").asText()).isEqualTo("complete");
        assertThat(finished(enqueue("flaky", "{\"n\":1}")).get("result").get("tries").asInt()).isEqualTo(2);
    }

    @Test
    void aPageThatIsNotThereStillScrapesWithItsStatus() throws Exception {
        JsonNode r = finished(enqueue("scrape", "{\"url\":\"" + demo.site().url() + "missing\"}"));
        assertThat(r.get("result").get("status").asInt()).isEqualTo(404);
    }

    private static String enqueue(String function, String args) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(demo.url() + "/jobs"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"function\":\"" + function + "\",\"args\":" + args + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Json.parse(r.body(), "response").get("id").asText();
    }

    private static JsonNode finished(String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(demo.url() + "/jobs/" + id + "/result?wait=30s")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body(), "response");
    }
}
