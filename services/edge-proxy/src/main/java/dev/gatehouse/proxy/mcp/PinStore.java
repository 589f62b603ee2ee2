package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.ToolPinCheck;
import reactor.core.publisher.Mono;

/** Where the first-sight tool pins every replica shares are kept ({@link PolicyServicePins}). */
@FunctionalInterface
interface PinStore {

    /** Pins {@code hash} if the tool has no pin yet; says whether {@code hash} is the pinned definition. */
    Mono<ToolPinCheck.Verdict> check(String connection, String tool, String hash);
}
