package dev.porter.redis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared helpers of {@code lua/lib.lua}, cut into its top-level definitions so that each script
 * is sent with only the ones it uses (and what those use). Redis runs a script's whole text on every
 * call, so every helper it carries costs each call: the full library was about 28,000 instructions
 * of a 180,000-instruction single-job enqueue (callgrind, docs/redis.md).
 *
 * <p>A definition starts at a top-level {@code local} (with the comment lines just above it) and
 * runs to the next one; it declares the names after {@code local} (or {@code local function}).
 */
final class LuaLib {
    private static final Pattern DECLARATION = Pattern.compile("^local\\s+(?:function\\s+(\\w+)|([\\w\\s,]+?)\\s*(?:=|$))");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_]\\w*");

    private record Definition(Set<String> names, String text, Set<String> uses) {}

    private final List<Definition> definitions = new ArrayList<>();

    LuaLib(String source) {
        List<String> comments = new ArrayList<>(); // top-level comment lines, for the definition below them
        StringBuilder text = null;
        Set<String> names = null;
        for (String line : source.split("\n", -1)) {
            Matcher m = DECLARATION.matcher(line);
            if (m.find()) {
                add(names, text);
                names = new LinkedHashSet<>();
                if (m.group(1) != null) {
                    names.add(m.group(1));
                } else {
                    for (String n : m.group(2).split(",")) {
                        names.add(n.trim());
                    }
                }
                text = new StringBuilder();
                for (String c : comments) {
                    text.append(c).append('\n');
                }
                comments.clear();
                text.append(line).append('\n');
            } else if (line.startsWith("--")) {
                comments.add(line);
            } else if (text != null && !line.isBlank()) {
                for (String c : comments) {
                    text.append(c).append('\n');
                }
                comments.clear();
                text.append(line).append('\n');
            }
        }
        add(names, text);
    }

    private void add(Set<String> names, StringBuilder text) {
        if (names != null) {
            String code = text.toString();
            definitions.add(new Definition(names, code, identifiers(code)));
        }
    }

    /** The library text a script needs: the definitions it refers to, transitively, in library order. */
    String linkedFor(String script) {
        Set<String> wanted = new LinkedHashSet<>(identifiers(script));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Definition d : definitions) {
                if (d.names().stream().anyMatch(wanted::contains) && wanted.addAll(d.uses())) {
                    grew = true;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (Definition d : definitions) {
            if (d.names().stream().anyMatch(wanted::contains)) {
                out.append(d.text());
            }
        }
        return out.toString();
    }

    /** The identifiers in Lua code outside its comments (a string's words count too: harmless). */
    private static Set<String> identifiers(String code) {
        Set<String> found = new LinkedHashSet<>();
        for (String line : code.split("\n")) {
            int comment = line.indexOf("--");
            Matcher m = IDENTIFIER.matcher(comment < 0 ? line : line.substring(0, comment));
            while (m.find()) {
                found.add(m.group());
            }
        }
        return found;
    }
}
