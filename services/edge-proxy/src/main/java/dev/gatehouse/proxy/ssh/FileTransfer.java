package dev.gatehouse.proxy.ssh;

import org.apache.sshd.common.AttributeRepository;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One allowed file operation until its RESPONSE: for a file handle, the bytes read or written and the
 * SHA-256 of the content while it arrives in order (sftp clients pipeline requests, but MINA's server
 * answers them in order; a seek elsewhere leaves the hash out rather than recording a wrong one).
 */
final class FileTransfer {

    static final AttributeRepository.AttributeKey<FileTransfer> KEY = new AttributeRepository.AttributeKey<>();

    final SshSession session;
    final String text;
    final ExecJudge.Ruling ruling;
    private final MessageDigest digest;
    private long bytes;
    private long next;
    private boolean sequential = true;

    FileTransfer(SshSession session, String text, ExecJudge.Ruling ruling) {
        this.session = session;
        this.text = text;
        this.ruling = ruling;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized void add(long offset, byte[] data, int from, int length) {
        bytes += length;
        if (offset != next) {
            sequential = false;
        }
        if (sequential) {
            digest.update(data, from, length);
        }
        next = offset + length;
    }

    synchronized Map<String, String> facts(Throwable failure) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("bytes", Long.toString(bytes));
        if (bytes > 0 && sequential) {
            facts.put("sha256", HexFormat.of().formatHex(digest.digest()));
        }
        if (failure != null) {
            facts.put("failure", failure.getClass().getSimpleName());
        }
        return facts;
    }
}
