package dev.gatehouse.proxy.masking.detect;

import java.util.function.Function;

/**
 * One credential format of the generated corpus: its name (a format, e.g. {@code openai-project-key}),
 * the detector that must report it, the variable name it is usually stored under, and how to make a fake.
 * A fake is the value as it appears ({@code value}) and the part that must not survive masking
 * ({@code secret}): the whole token, or only the key of a connection string or the path of a webhook URL.
 */
record FakeFormat(String name, String detector, String envName, Kind kind, Function<Fakes, Fake> make) {

    /** Where the value may stand in the generated contexts. */
    enum Kind {
        /** a token that stands alone: any context, with or without a name */
        TOKEN,
        /** a URL or a connection string: not as a header value or a URL parameter */
        COMPOUND,
        /** recognised by its name only (no prefix of its own): always under {@link #envName} */
        NAMED
    }

    record Fake(String value, String secret) {
    }

    static FakeFormat token(String name, String detector, String envName, Function<Fakes, String> make) {
        return new FakeFormat(name, detector, envName, Kind.TOKEN, f -> {
            String value = make.apply(f);
            return new Fake(value, value);
        });
    }

    static FakeFormat compound(String name, String detector, String envName, Function<Fakes, Fake> make) {
        return new FakeFormat(name, detector, envName, Kind.COMPOUND, make);
    }

    static FakeFormat named(String name, String detector, String envName, Function<Fakes, String> make) {
        return new FakeFormat(name, detector, envName, Kind.NAMED, f -> {
            String value = make.apply(f);
            return new Fake(value, value);
        });
    }
}
