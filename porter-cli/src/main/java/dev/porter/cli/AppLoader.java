package dev.porter.cli;

import dev.porter.worker.PorterApp;

/** Creates the user's {@code --app} class: a {@link PorterApp} with a public no-argument constructor. */
final class AppLoader {
    private AppLoader() {}

    static PorterApp load(String name) {
        Class<?> type;
        try {
            type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new CliException("--app: no class " + name + " on the classpath");
        }
        if (!PorterApp.class.isAssignableFrom(type)) {
            throw new CliException("--app: " + name + " does not implement " + PorterApp.class.getName());
        }
        try {
            return (PorterApp) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new CliException("--app: " + name + " needs a public no-argument constructor");
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CliException("--app: creating " + name + " failed: " + cause);
        }
    }
}
