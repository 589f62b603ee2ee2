package dev.gatehouse.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each start clears the cluster's directory: only ever its own. */
class ClusterHomeTests {

    @TempDir
    Path temp;

    @Test
    void aDirectoryWithSomeoneElsesFilesIsRefusedAndKept() throws IOException {
        Path notes = Files.writeString(temp.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> Cluster.fresh(temp)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GATEHOUSE_CLUSTER_HOME=" + temp).hasMessageContaining("not clearing it");
        assertThat(notes).hasContent("mine");
    }

    @Test
    void anEarlierStartsDirectoryIsClearedAndMarkedAgain() throws IOException {
        Path home = temp.resolve("cluster");
        Cluster.fresh(home);
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("logs/kafka-1.log"), "old");

        Cluster.fresh(home);

        assertThat(home.resolve("logs")).doesNotExist();
        assertThat(home.resolve(Cluster.MARKER)).exists();
    }

    @Test
    void aDirectoryLaidOutAsAClustersIsCleared() throws IOException {
        Files.createDirectories(temp.resolve("logs"));
        Files.createDirectories(temp.resolve("data"));
        Files.writeString(temp.resolve("ready"), "then");

        Cluster.fresh(temp);

        assertThat(temp.resolve("logs")).doesNotExist();
        assertThat(temp.resolve(Cluster.MARKER)).exists();
    }

    @Test
    void anEmptyDirectoryIsTaken() throws IOException {
        Cluster.fresh(temp);

        assertThat(temp.resolve(Cluster.MARKER)).exists();
    }
}
