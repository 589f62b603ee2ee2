package dev.gatehouse.proxy.git;

import java.io.IOException;

/** An inflated push body went past gatehouse.proxy.git.max-push-bytes. */
final class BodyTooLarge extends IOException {

    BodyTooLarge() {
        super("the inflated push body is too large", null);
    }
}
