package dev.gatehouse.proxy.masking.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static dev.gatehouse.proxy.masking.detect.Fakes.ALNUM;
import static dev.gatehouse.proxy.masking.detect.Fakes.B64;
import static dev.gatehouse.proxy.masking.detect.Fakes.B64URL;
import static dev.gatehouse.proxy.masking.detect.Fakes.DIGITS;
import static dev.gatehouse.proxy.masking.detect.Fakes.HEX;
import static dev.gatehouse.proxy.masking.detect.Fakes.LOWER;

/**
 * Generated samples of the {@code generic} family, credentials known by their context rather than a
 * vendor's format: passwords in connection URIs of several schemes, base64-wrapped credentials (Basic,
 * Docker {@code auths}, {@code .npmrc}, Kubernetes Secrets, a base64 PEM key), secrets next to names in
 * .env, YAML, JSON, CLI flags, MySQL's {@code -p}, URL-encoded and JSON-escaped forms, high-entropy values
 * under weak names, and the armoured or structured ones (JWT, PEM, age).
 */
final class GenericSamples {

    private static final int EACH = 8;

    private record Case(String name, String detector, Function<Fakes, String[]> make) {
    }

    private static final List<Case> CASES = List.of(
            new Case("uri-postgres", "uri-password", f -> uri(f, "postgresql://app:%s@db.internal:5432/orders")),
            new Case("uri-mongodb", "uri-password", f -> uri(f, "MONGO_URL=mongodb+srv://ci-user:%s@cluster0.x1y2z.mongodb.net/app")),
            new Case("uri-redis", "uri-password", f -> uri(f, "{\"cache\": \"redis://:%s@cache.internal:6379/0\"}")),
            new Case("uri-amqp", "uri-password", f -> uri(f, "broker: amqps://worker:%s@mq.example.net/vhost")),
            new Case("basic-header", "basic-auth", f -> wrap("Authorization: Basic %s", f.base64(user(f) + ":" + password(f)))),
            new Case("docker-config-auth", "basic-auth", f -> wrap("{\"auths\": {\"registry.example.com\": {\"auth\": \"%s\"}}}",
                    f.base64(user(f) + ":" + password(f)))),
            new Case("npmrc-auth", "basic-auth", f -> wrap("//registry.example.com/npm/:_auth=%s",
                    f.base64(user(f) + ":" + password(f)))),
            new Case("curl-user", "basic-auth", f -> wrap("curl -sf -u deploy:%s https://repo.example.com/api", password(f))),
            new Case("k8s-database-url", "uri-password", f -> wrap("kind: Secret\ndata:\n  DATABASE_URL: %s",
                    f.base64("postgres://svc:" + GeneratedCorpus.encode(password(f)) + "@pg.internal:5432/app"))),
            new Case("k8s-tls-key", "private-key", f -> wrap("data:\n  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n  tls.key: %s",
                    f.base64(pem(f)))),
            new Case("bearer-opaque", "bearer-token", f -> wrap("Authorization: Bearer %s", f.mixed(HEX, 40))),
            new Case("authorization-token-scheme", "bearer-token", f -> wrap("{\"headers\": {\"Authorization\": \"Token %s\"}}",
                    f.mixed(ALNUM, 40))),
            new Case("jwt", "jwt", f -> wrap("{\"id_token\": \"%s\", \"expires_in\": 3600}", jwt(f))),
            new Case("pem-private-key", "private-key", f -> wrap("key file:\n%s\n", pem(f))),
            new Case("age-secret-key", "age-secret-key", f -> wrap("# created: 2024-05-17\n%s",
                    f.bech32("age-secret-key-", 52, true))),
            new Case("env-password", "secret-assignment", f -> wrap("DB_PASSWORD=%s", password(f))),
            new Case("yaml-client-secret", "secret-assignment", f -> wrap("oauth:\n  client_secret: %s\n  scope: read", password(f))),
            new Case("json-api-key", "secret-assignment", f -> wrap("{\"name\": \"crm\", \"apiKey\": \"%s\"}", f.mixed(ALNUM, 28))),
            new Case("cli-password", "secret-assignment", f -> wrap("pg_dump --host db --password %s --format c", password(f))),
            new Case("cli-json-args", "secret-assignment", f -> wrap("{\"args\": [\"login\", \"--token\", \"%s\"]}", f.mixed(ALNUM, 30))),
            new Case("mysql-p", "secret-assignment", f -> wrap("mysql -h db.internal -u root -p%s orders", password(f))),
            new Case("header-password", "secret-assignment", f -> wrap("X-Service-Password: %s", password(f))),
            new Case("url-encoded-json", "secret-assignment", f -> wrap("GET /search?filter=%%7B%%22password%%22%%3A%%22%s%%22%%7D",
                    f.mixed(ALNUM, 14))),
            new Case("json-escaped", "secret-assignment", f -> wrap("log: {\\\"user\\\":\\\"ci\\\",\\\"client_secret\\\":\\\"%s\\\"}",
                    password(f))),
            new Case("weak-name-key", "secret-assignment", f -> wrap("HMAC_KEY=%s", f.mixed(ALNUM, 32))),
            new Case("weak-name-auth", "secret-assignment", f -> wrap("{\"auth\": \"%s\"}", f.mixed(B64URL, 43))));

    private GenericSamples() {
    }

    static List<Corpus.Sample> all(Fakes fakes) {
        List<Corpus.Sample> samples = new ArrayList<>();
        for (Case c : CASES) {
            for (int k = 0; k < EACH; k++) {
                String[] made = c.make().apply(fakes);
                samples.add(new Corpus.Sample("generated:" + c.name(), k, Set.of(c.detector()), made[0], List.of(made[1])));
            }
        }
        return samples;
    }

    /** {text, secret}: the secret formatted into the template. */
    private static String[] wrap(String template, String secret) {
        return new String[] {String.format(template, secret), secret};
    }

    private static String[] uri(Fakes f, String template) {
        return wrap(template, GeneratedCorpus.encode(password(f))); // a URI's userinfo is percent-encoded
    }

    private static String user(Fakes f) {
        return f.pick(new String[] {"ci", "deploy", "robot$builder", "svc-backup", "jenkins"});
    }

    /** A password as people and generators make them: mixed classes, sometimes symbols. */
    private static String password(Fakes f) {
        return switch (f.random().nextInt(3)) {
            case 0 -> f.mixed(ALNUM, f.between(14, 24));
            case 1 -> f.rnd(LOWER, 5) + f.rnd(DIGITS, 3) + f.pick(new String[] {"!", "#", "*", "-"}) + f.mixed(ALNUM, 6);
            default -> f.mixed(ALNUM + "!#*-_", f.between(16, 32));
        };
    }

    private static String jwt(Fakes f) {
        return f.base64Url("{\"alg\":\"RS256\",\"kid\":\"" + f.rnd(HEX, 8) + "\",\"typ\":\"JWT\"}") + "."
                + f.base64Url("{\"sub\":\"" + f.rnd(DIGITS, 9) + "\",\"iss\":\"https://issuer.example.com\",\"exp\":"
                + f.rnd(DIGITS, 10) + "}") + "." + f.rnd(B64URL, 86);
    }

    private static String pem(Fakes f) {
        StringBuilder body = new StringBuilder("-----BEGIN RSA PRIVATE KEY-----\n");
        for (int line = 0; line < 6; line++) {
            body.append(f.rnd(B64, 64)).append('\n');
        }
        return body.append(f.rnd(B64, 20)).append("==\n-----END RSA PRIVATE KEY-----").toString();
    }
}
