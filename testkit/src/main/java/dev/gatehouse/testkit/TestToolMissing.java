package dev.gatehouse.testkit;

/**
 * A real client a test drives is not installed. An {@link AssertionError}, so the test counts as failed
 * (not skipped, not an infrastructure error) and its report shows this message first.
 */
public final class TestToolMissing extends AssertionError {

    TestToolMissing(String message) {
        super(message);
    }
}
