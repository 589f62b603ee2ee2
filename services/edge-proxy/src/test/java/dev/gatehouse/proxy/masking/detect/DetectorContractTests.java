package dev.gatehouse.proxy.masking.detect;

import dev.gatehouse.proxy.masking.detect.DetectorCatalog;
import dev.gatehouse.model.MaskingDirectives;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy-service validates detector names against the shared list: it must be exactly what the proxy implements. */
class DetectorContractTests {

    @Test
    void theSharedDetectorNamesAreExactlyTheCatalogs() {
        assertThat(DetectorCatalog.knownNames()).containsExactlyElementsOf(MaskingDirectives.DETECTOR_NAMES);
    }
}
