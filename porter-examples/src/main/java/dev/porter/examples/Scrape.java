package dev.porter.examples;

import dev.porter.JobFunction;
import dev.porter.RateLimit;
import dev.porter.PermanentFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** {@code scrape}: fetches a page and extracts its title and links. */
public final class Scrape {
    public record Args(String url) {}

    public record Page(String url, int status, String title, List<String> links) {}

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** At most 5 fetches a second per host, shared by every worker: the polite crawler's rule. */
    public static final RateLimit PER_HOST = RateLimit.of("scrape-per-host", 5, Duration.ofSeconds(1));

    public static final JobFunction<Args, Page> FUNCTION =
            JobFunction.of("scrape", Args.class, (ctx, a) -> scrape(a.url())).withTimeout(Duration.ofSeconds(30))
                    .withRateLimit(PER_HOST, a -> String.valueOf(java.net.URI.create(a.url()).getHost()));

    private Scrape() {}

    public static Page scrape(String url) throws IOException, InterruptedException {
        URI uri = parse(url);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("User-Agent", "porter-examples/0.1").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 500) {
            // Worth another try: the server may recover.
            throw new IOException("GET " + url + " answered " + response.statusCode());
        }
        Document doc = Jsoup.parse(response.body(), uri.toString());
        List<String> links = doc.select("a[href]").stream()
                .map(a -> a.absUrl("href"))
                .filter(h -> h.startsWith("http://") || h.startsWith("https://"))
                .distinct()
                .toList();
        return new Page(uri.toString(), response.statusCode(), doc.title(), links);
    }

    static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new PermanentFailure("url is required");
        }
        try {
            URI uri = URI.create(url.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new PermanentFailure("url must be http or https: " + url);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("url is not a URL: " + url);
        }
    }
}
