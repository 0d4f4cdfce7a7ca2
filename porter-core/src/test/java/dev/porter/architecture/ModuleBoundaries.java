package dev.porter.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps modules in their lanes by reading compiled classes: a class file names every class it uses
 * in its constant pool, so a forbidden package showing up there is a forbidden dependency.
 */
public final class ModuleBoundaries {
    private ModuleBoundaries() {}

    /**
     * Fails naming each class under {@code classesDir} that refers to one of {@code forbiddenPackages}
     * (dotted names, e.g. {@code dev.porter.sqlite}).
     */
    public static void assertNoReferences(Path classesDir, List<String> forbiddenPackages) {
        assertThat(classesDir).as("compiled classes of the module under test").isDirectory();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String pkg : forbiddenPackages) {
                    if (pool.contains(pkg.replace('.', '/') + "/")) {
                        violations.add(classesDir.relativize(f) + " uses " + pkg);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(violations).as("references that cross module boundaries").isEmpty();
    }
}
