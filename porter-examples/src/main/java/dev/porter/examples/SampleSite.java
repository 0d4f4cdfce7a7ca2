package dev.porter.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A tiny local web site for the examples, so {@code scrape} and {@code crawl} work offline: a list
 * page at {@code /} linking to a few article pages, each linking back. Served by the JDK's own HTTP
 * server on a free loopback port.
 */
public final class SampleSite implements AutoCloseable {
    static final List<String> TOPICS = List.of("Queues", "Leases", "Retries", "Back-off", "Priorities", "Events");

    private final HttpServer server;

    private SampleSite(HttpServer server) {
        this.server = server;
    }

    public static SampleSite start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", SampleSite::handle);
        server.start();
        return new SampleSite(server);
    }

    /** The list page, such as {@code http://127.0.0.1:41234/}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** How many article pages the list page links to. */
    public int articles() {
        return TOPICS.size();
    }

    private static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String html;
        int status = 200;
        if (path.equals("/")) {
            StringBuilder b = new StringBuilder("<html><head><title>Porter sample site</title></head><body>"
                    + "<h1>Articles</h1><ul>");
            for (int i = 1; i <= TOPICS.size(); i++) {
                b.append("<li><a href=\"/articles/").append(i).append("\">").append(TOPICS.get(i - 1)).append("</a></li>");
            }
            html = b.append("</ul></body></html>").toString();
        } else if (path.matches("/articles/[1-9][0-9]*") && Integer.parseInt(path.substring(10)) <= TOPICS.size()) {
            int n = Integer.parseInt(path.substring(10));
            html = "<html><head><title>Article " + n + ": " + TOPICS.get(n - 1) + "</title></head><body>"
                    + "<h1>" + TOPICS.get(n - 1) + "</h1><p>About " + TOPICS.get(n - 1).toLowerCase() + ".</p>"
                    + "<a href=\"/\">All articles</a></body></html>";
        } else {
            status = 404;
            html = "<html><head><title>Not found</title></head><body>No page " + path + "</body></html>";
        }
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
