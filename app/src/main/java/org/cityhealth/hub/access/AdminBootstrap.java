package org.cityhealth.hub.access;

import org.cityhealth.hub.HubSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * Creates the first operator account {@code admin} on a fresh data directory, before the server accepts
 * connections: from {@value #PASSWORD_VARIABLE}, or in demo mode a random password that is printed once.
 * There is no default password anywhere.
 */
@Component
@ConditionalOnWebApplication
public class AdminBootstrap implements InitializingBean {

    static final String PASSWORD_VARIABLE = "CITYHEALTH_ADMIN_PASSWORD";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AccountService accounts;
    private final HubSettings settings;
    private String demoPassword;
    private String demoAuditorPassword;

    AdminBootstrap(AccountService accounts, HubSettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    @Override
    public void afterPropertiesSet() {
        createOrResetAdmin();
        if (settings.demo()) {
            // The demo's auditor reads the ledger (/audit); like admin, a fresh password at every start.
            demoAuditorPassword = AccountService.randomPassword();
            if (accounts.exists("auditor")) {
                accounts.setPassword("auditor", demoAuditorPassword);
            } else {
                accounts.create("auditor", demoAuditorPassword, Role.AUDITOR, "审计员");
            }
        }
    }

    private void createOrResetAdmin() {
        if (settings.demo() && accounts.exists("admin")) {
            // Demo mode prints a fresh password at every start rather than ever having a fixed one.
            demoPassword = AccountService.randomPassword();
            accounts.setPassword("admin", demoPassword);
            return;
        }
        if (accounts.hasAccounts()) {
            return;
        }
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null || password.isBlank()) {
            if (!settings.demo()) {
                throw new IllegalStateException("a fresh data directory needs the first operator's password in " + PASSWORD_VARIABLE);
            }
            password = AccountService.randomPassword();
            demoPassword = password;
        }
        accounts.create("admin", password, Role.OPERATOR, "管理员");
        log.info("created the first operator account 'admin'");
    }

    /** The demo auditor's random password (demo mode only); null otherwise. */
    public String demoAuditorPassword() {
        return demoAuditorPassword;
    }

    /** The random demo password, when this start created it; null otherwise. */
    public String demoPassword() {
        return demoPassword;
    }
}
