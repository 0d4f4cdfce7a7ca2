package dev.porter.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document. {@code field} is an extension member naming the request field at
 * fault (such as {@code options.max_tries}), so a client can point at it without parsing prose.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String instance, String field) {
    static final String CONTENT_TYPE = "application/problem+json";
}
