package dev.gatehouse.vault.secret;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.util.List;
import java.util.Optional;

/** The {@code secrets} rows; {@link SecretStore} is the only caller. */
interface SecretRepository extends JpaRepository<SecretRow, String>, SecretUpsert {

    /** A count of secrets per KEK id. */
    interface KeyCount {
        String getKeyId();

        long getSecrets();
    }

    /** {@code SELECT … FOR UPDATE}-style lock until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from SecretRow s where s.connection = :connection")
    Optional<SecretRow> lockById(String connection);

    List<SecretRow> findAllByOrderByConnection();

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("""
            select s from SecretRow s where (s.keyId <> :keyId or s.format <> :format) and s.connection > :after
            order by s.connection
            """)
    List<SecretRow> lockNotWrappedBy(String keyId, short format, String after, Limit limit);

    @Query("select s.keyId as keyId, count(s) as secrets from SecretRow s group by s.keyId order by s.keyId")
    List<KeyCount> countByKeyId();

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from SecretRow s where s.connection = :connection")
    int deleteByConnection(String connection);
}
