package dev.porter.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the fat jar's manifest; a build run from classes has none. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"porter " + (v == null ? "(development build)" : v)};
    }
}
