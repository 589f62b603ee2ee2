package dev.gatehouse.approval.request;

import dev.gatehouse.model.ApprovalStatus;
import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The approval aggregate's repository; {@link ApprovalStore} is the only caller. */
interface ApprovalRepository extends JpaRepository<ApprovalRow, UUID> {

    /** {@code SELECT … FOR UPDATE}-style row lock until the transaction ends: serialises votes and uses. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from ApprovalRow a where a.id = :id")
    Optional<ApprovalRow> lockById(UUID id);

    /**
     * A pending request past its deadline counts as expired, as {@code GET /{id}} shows it: it is listed
     * under {@code EXPIRED} ({@code expiredWanted}) and not under {@code PENDING}.
     */
    @Query("""
            select a from ApprovalRow a
            where ((a.status in :statuses
                    and not (a.status = dev.gatehouse.model.ApprovalStatus.PENDING and a.expiresAt <= :now))
                   or (:expiredWanted = true
                       and a.status = dev.gatehouse.model.ApprovalStatus.PENDING and a.expiresAt <= :now))
              and (:connection is null or a.connection = :connection)
              and (:subject is null or a.requesterSubject = :subject)
            """)
    List<ApprovalRow> search(Collection<ApprovalStatus> statuses, boolean expiredWanted, String connection,
                             String subject, Instant now, Sort sort, Limit limit);

    @Query("""
            select a.id from ApprovalRow a where a.id in :ids
            and (a.status <> dev.gatehouse.model.ApprovalStatus.PENDING or a.expiresAt <= :now)
            """)
    List<UUID> settled(Collection<UUID> ids, Instant now);

    @Query("""
            select a.id from ApprovalRow a
            where a.status = dev.gatehouse.model.ApprovalStatus.PENDING and a.expiresAt <= :now
            order by a.expiresAt
            """)
    List<UUID> overdue(Instant now, Limit limit);
}
