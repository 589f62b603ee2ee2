package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.ToolPinCheck;
import reactor.core.publisher.Mono;

/** Where the first-sight tool pins every replica shares are kept ({@link PolicyServicePins}). */
interface PinStore {

    /** Pins {@code hash} if the tool has no pin yet; says whether {@code hash} is the pinned definition. */
    Mono<ToolPinCheck.Verdict> check(String connection, String tool, String hash);

    /** The tool's changed definition a replica's list refused and no admin re-approved; empty when none. */
    Mono<String> refused(String connection, String tool);
}
