package dev.gatehouse.policy.document;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on what a policy document may cost to read ({@code gatehouse.policy.document.*}), so a hostile
 * or broken document is refused with a precise error instead of exhausting memory or the stack.
 *
 * @param maxSize    largest document accepted, in UTF-8 bytes
 * @param maxAliases most YAML aliases ({@code *anchor}) a document may use
 * @param maxDepth   deepest nesting of mappings and lists (a valid policy needs about 6)
 * @param maxNodes   most values a document may expand to once aliases are resolved (alias bombs)
 */
@Validated
@ConfigurationProperties("gatehouse.policy.document")
public record DocumentLimits(@NotNull @DefaultValue("1MB") DataSize maxSize,
                             @Min(0) @Max(10_000) @DefaultValue("50") int maxAliases,
                             @Min(8) @Max(1_000) @DefaultValue("32") int maxDepth,
                             @Min(1_000) @DefaultValue("200000") int maxNodes) {

    public static final DocumentLimits DEFAULTS = new DocumentLimits(DataSize.ofMegabytes(1), 50, 32, 200_000);

    public int maxBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 8, maxSize.toBytes());
    }
}
