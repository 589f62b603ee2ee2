package dev.gatehouse.proxy.masking.detect;

import dev.gatehouse.proxy.masking.Plans;
import dev.gatehouse.proxy.masking.detect.Detector;
import dev.gatehouse.proxy.masking.detect.DetectorCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectorCatalogTests {

    @Test
    void groupsSelectTheirDetectorsButNeverTheOptInPhone() {
        assertThat(DetectorCatalog.resolve(List.of("secrets"))).contains(Detector.GITHUB_TOKEN, Detector.SECRET_ASSIGNMENT)
                .doesNotContain(Detector.EMAIL);
        assertThat(DetectorCatalog.resolve(List.of("pii"))).containsExactlyInAnyOrder(Detector.EMAIL, Detector.CARD,
                Detector.IBAN, Detector.SSN);
        assertThat(DetectorCatalog.resolve(List.of("all"))).hasSize(Detector.values().length - 1)
                .doesNotContain(Detector.PHONE);
        assertThat(DetectorCatalog.resolve(List.of("all", "phone"))).hasSize(Detector.values().length);
        assertThat(DetectorCatalog.resolve(List.of(" Card ", "jwt"))).containsExactlyInAnyOrder(Detector.CARD, Detector.JWT);
    }

    @Test
    void familiesSelectTheirDetectorsAndSecretsIsEveryFamilyButPii() {
        assertThat(DetectorCatalog.resolve(List.of("ai-providers"))).contains(Detector.ANTHROPIC_API_KEY,
                Detector.OPENAI_API_KEY, Detector.LLM_API_KEY).allMatch(d -> d.family() == Detector.Family.AI_PROVIDERS);
        assertThat(DetectorCatalog.resolve(List.of("package-registries", "vcs"))).contains(Detector.NPM_TOKEN,
                Detector.PYPI_TOKEN, Detector.GITHUB_TOKEN, Detector.GITLAB_RUNNER_TOKEN).doesNotContain(Detector.AWS_ACCESS_KEY);
        assertThat(DetectorCatalog.resolve(List.of("secrets"))).hasSize((int) java.util.Arrays.stream(Detector.values())
                .filter(d -> d.family().secret()).count()).doesNotContain(Detector.EMAIL, Detector.CARD);
        assertThat(DetectorCatalog.resolve(List.of("pii", "phone"))).containsExactlyInAnyOrder(Detector.EMAIL,
                Detector.CARD, Detector.IBAN, Detector.SSN, Detector.PHONE);
        for (Detector.Family family : Detector.Family.values()) {
            assertThat(DetectorCatalog.resolve(List.of(family.id()))).as(family.id()).isNotEmpty();
        }
    }

    @Test
    void anUnknownNameIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> DetectorCatalog.validate(List.of("secrets", "github-tokne")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'github-tokne'")
                .hasMessageContaining("github-token");
    }

    @Test
    void everyDetectorHasAUniqueIdAndADocumentedShape() {
        assertThat(java.util.Arrays.stream(Detector.values()).map(Detector::id).distinct()).hasSize(Detector.values().length);
        for (Detector d : Detector.values()) {
            assertThat(d.shape()).as(d.id()).isNotBlank();
            assertThat(d.validator()).as(d.id()).isNotBlank();
        }
    }

    @Test
    void badFieldPathsAreRejectedWhenThePlanIsCompiled() {
        assertThatThrownBy(() -> Plans.fields("items[x].token")).hasMessageContaining("items[x].token");
        assertThatThrownBy(() -> Plans.fields("$")).hasMessageContaining("whole document");
    }
}
