package dev.porter.server;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a Server-Sent Events stream straight to the response, flushing every event. Unlike
 * Javalin's SSE handler it does not require an {@code Accept: text/event-stream} header, so
 * {@code curl -N} works too. Writing to a client that left throws {@link IOException}.
 */
final class SseWriter {
    private final ServletOutputStream out;

    SseWriter(Context ctx) throws IOException {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no"); // a proxy must not hold events back
        out = res.getOutputStream();
        out.flush(); // commits the headers, so the client knows the stream is open
    }

    /** {@code data} is one line of JSON. */
    void event(String name, String id, String data) throws IOException {
        write("id: " + id + "\nevent: " + name + "\ndata: " + data + "\n\n");
    }

    void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
