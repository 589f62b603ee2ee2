package dev.gatehouse.testkit;

/**
 * Chooses where test infrastructure comes from. Embedded (the default, and what CI runs) needs
 * nothing pre-installed; {@code -Dgatehouse.testinfra=containers} uses Testcontainers on a machine
 * with Docker.
 */
public final class TestInfra {

    public static final String PROPERTY = "gatehouse.testinfra";

    private TestInfra() {
    }

    public static boolean containers() {
        String mode = System.getProperty(PROPERTY, System.getenv().getOrDefault("GATEHOUSE_TESTINFRA", "embedded"));
        return switch (mode) {
            case "embedded" -> false;
            case "containers" -> true;
            default -> throw new IllegalArgumentException(
                    PROPERTY + " must be 'embedded' or 'containers', was '" + mode + "'");
        };
    }
}
