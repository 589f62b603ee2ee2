package dev.gatehouse.cli;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A kubeconfig whose server is the proxy's kubectl port for one connection, with the CI token as the user's
 * token. The CA is the file the user gives; without one, the certificate the port presents now is trusted
 * (trust on first use, said on stderr with its SHA-256 fingerprint): fine for a runner reaching a proxy it
 * already trusts for its token, not a substitute for the real CA in production.
 */
final class Kubeconfig {

    private Kubeconfig() {
    }

    static Path write(State state, String name, String host, int port, String token, Path ca, PrintWriter err) {
        String pem = ca != null ? read(ca) : firstUse(host, port, err);
        String data = Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String config = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: gatehouse-%1$s
                  cluster:
                    server: https://%2$s:%3$d/proxy/%1$s
                    certificate-authority-data: %4$s
                users:
                - name: ci-job
                  user:
                    token: %5$s
                contexts:
                - name: gatehouse-%1$s
                  context:
                    cluster: gatehouse-%1$s
                    user: ci-job
                current-context: gatehouse-%1$s
                """.formatted(name, host, port, data, token);
        return state.write("kubeconfig-" + name, config);
    }

    private static String read(Path ca) {
        try {
            return Files.readString(ca);
        } catch (IOException e) {
            throw CliFailure.error("cannot read --kube-ca " + ca + ": " + e.getMessage());
        }
    }

    private static String firstUse(String host, int port, PrintWriter err) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new Recording()}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port)) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                Certificate[] chain = socket.getSession().getPeerCertificates();
                X509Certificate top = (X509Certificate) chain[chain.length - 1];
                byte[] der = top.getEncoded();
                err.println("gatehouse: trusting the certificate " + top.getSubjectX500Principal().getName()
                        + " (SHA-256 " + HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(der))
                        + ") that " + host + ":" + port + " presents now (trust on first use; pass --kube-ca to pin it)");
                return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                        + "\n-----END CERTIFICATE-----\n";
            }
        } catch (IOException | GeneralSecurityException e) {
            throw CliFailure.error("cannot read the certificate of " + host + ":" + port + ": " + e.getMessage());
        }
    }

    /** Accepts any chain: used only to read the certificate once, never to send the token. */
    private static final class Recording implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
