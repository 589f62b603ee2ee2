package dev.gatehouse.vault.lease;

import dev.gatehouse.vault.mysql.MysqlTarget;
import dev.gatehouse.vault.mysql.MysqlUsers;
import dev.gatehouse.vault.postgres.DynamicRoles;
import dev.gatehouse.vault.postgres.RoleNames;
import dev.gatehouse.vault.postgres.TargetDatabase;
import dev.gatehouse.vault.secret.SecretType;
import dev.gatehouse.vault.secret.StoredSecret;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The per-lease logins of dynamic secrets, whatever the target: a PostgreSQL role (POSTGRES_DYNAMIC) or a
 * MySQL/MariaDB user (MYSQL_DYNAMIC). The lease flows stay the same for both; only the DDL differs.
 */
@Component
class DynamicLogins {

    private final DynamicRoles roles;
    private final MysqlUsers users;
    private final SecretOpener opener;

    DynamicLogins(DynamicRoles roles, MysqlUsers users, SecretOpener opener) {
        this.roles = roles;
        this.users = users;
        this.opener = opener;
    }

    static String nextName(StoredSecret stored) {
        return stored.type() == SecretType.MYSQL_DYNAMIC ? RoleNames.nextUser(stored.connection())
                : RoleNames.next(stored.connection());
    }

    void create(StoredSecret stored, String adminPassword, String name, String password, Instant validUntil) {
        if (stored.type() == SecretType.MYSQL_DYNAMIC) {
            users.create(MysqlTarget.of(stored.settings(), stored.username(), adminPassword), name, password);
            return;
        }
        roles.create(TargetDatabase.of(stored.connection(), stored.settings(), stored.username(), adminPassword),
                name, password, validUntil, stored.settings().grantedRolesOrEmpty(), stored.settings().connectionLimit());
    }

    /** A PostgreSQL role's VALID UNTIL moves; a MySQL user has none (its end is the lease's, see MysqlUsers). */
    void extend(StoredSecret stored, String name, Instant validUntil) {
        if (stored.type() != SecretType.MYSQL_DYNAMIC) {
            roles.extend(opener.target(stored), name, validUntil);
        }
    }

    boolean drop(StoredSecret stored, String name) {
        if (stored.type() == SecretType.MYSQL_DYNAMIC) {
            return users.drop(MysqlTarget.of(stored.settings(), stored.username(), opener.open(stored)), name);
        }
        return roles.drop(opener.target(stored), name);
    }
}
