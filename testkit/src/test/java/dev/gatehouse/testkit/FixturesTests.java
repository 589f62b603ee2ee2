package dev.gatehouse.testkit;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestInfraExtension.class)
class FixturesTests {

    @Test
    void postgresHandsOutFreshDatabases(PostgresFixture postgres) throws Exception {
        String url = postgres.createDatabase("testkit_check");

        try (var connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
             ResultSet rs = connection.createStatement().executeQuery("SELECT current_database(), version()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("testkit_check");
            assertThat(rs.getString(2)).startsWith("PostgreSQL 17");
        }
    }

    @Test
    void kafkaCarriesARecordToAConsumer(KafkaFixture kafka) {
        Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.AUDIT, "s-1", "hello")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Map<String, Object> consumerProps = new java.util.HashMap<>(common);
        consumerProps.put("group.id", "testkit");
        consumerProps.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT));
            List<String> seen = new java.util.ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (!seen.contains("hello") && System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(r -> seen.add(r.value()));
            }
            assertThat(seen).contains("hello");
        }
    }

    @Test
    void issuerMintsVerifiableTokensThroughItsTokenEndpoint(OidcIssuer oidc) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + OidcIssuer.PROXY_CLIENT_ID
                + "&client_secret=x&claims=" + URLEncoder.encode("{\"env\":\"dev\"}", StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(oidc.tokenEndpoint(OidcIssuer.INTERNAL)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        String token = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(response.body()).get("access_token");
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey key = (RSAKey) JWKSet.load(URI.create(oidc.jwksUrl(OidcIssuer.INTERNAL)).toURL()).getKeys().getFirst();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(oidc.issuerUrl(OidcIssuer.INTERNAL));
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(OidcIssuer.PROXY_CLIENT_ID);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(OidcIssuer.INTERNAL_AUDIENCE);
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("groups")).containsExactly("gatehouse-proxy");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("env")).isEqualTo("dev");
    }

    @Test
    void hostileTokensAreWhatTheySayTheyAre(OidcIssuer oidc) throws Exception {
        SignedJWT expired = SignedJWT.parse(oidc.expiredToken(OidcIssuer.CI, "a", "gatehouse", Map.of()));
        assertThat(expired.getJWTClaimsSet().getExpirationTime()).isInThePast();

        String unsigned = oidc.unsignedToken(OidcIssuer.CI, "a", "gatehouse", Map.of());
        assertThat(com.nimbusds.jwt.JWTParser.parse(unsigned).getHeader().getAlgorithm().getName()).isEqualTo("none");

        SignedJWT hmac = SignedJWT.parse(oidc.hmacToken(OidcIssuer.CI, "a", "gatehouse", Map.of()));
        assertThat(hmac.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
    }
}
