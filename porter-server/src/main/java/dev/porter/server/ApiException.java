package dev.porter.server;

/**
 * A request the server refuses, answered as {@code application/problem+json}. Thrown from route
 * code; {@link Problems} turns it into the response. It carries no stack trace: it is an answer,
 * not a fault.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final String field;

    ApiException(int status, String slug, String title, String detail, String field) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.field = field;
    }

    static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "invalid-request", "Invalid request", detail, field);
    }

    static ApiException unprocessable(String slug, String title, String field, String detail) {
        return new ApiException(422, slug, title, detail, field);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not found", detail, null);
    }

    static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail, null);
    }

    Problem problem(String instance) {
        return new Problem("urn:porter:problem:" + slug, title, status, getMessage(), instance, field);
    }

    int status() {
        return status;
    }
}
