package org.cityhealth.hub.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.source.SourceRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators create the people's accounts: doctors and privacy officers bound to a registered hospital, citizens
 * bound to their person. The password is generated and shown once unless one is given. Errors are RFC 9457 problems.
 */
@RestController
class AccountController {

    private final AccountService accounts;
    private final SourceRegistry sources;
    private final Ledger ledger;

    AccountController(AccountService accounts, SourceRegistry sources, Ledger ledger) {
        this.accounts = accounts;
        this.sources = sources;
        this.ledger = ledger;
    }

    record NewAccount(String username, String password, String role, String displayName, String organization, String department,
                      Long personKey) {
    }

    @PostMapping("/admin/accounts")
    ResponseEntity<Map<String, Object>> create(@RequestBody NewAccount request) {
        Role role;
        try {
            role = Role.valueOf(String.valueOf(request.role()).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be one of " + List.of(Role.values()));
        }
        if (role == Role.SOURCE) {
            throw new IllegalArgumentException("sources are registered at /admin/sources and use their token");
        }
        boolean hospitalRole = role == Role.DOCTOR || role == Role.EMERGENCY_DOCTOR || role == Role.PRIVACY_OFFICER;
        if (hospitalRole && (request.organization() == null || sources.byCode(request.organization()).isEmpty())) {
            throw new IllegalArgumentException("a " + role.name().toLowerCase(java.util.Locale.ROOT) + " belongs to a registered hospital: organization must be a source code");
        }
        if (role == Role.CITIZEN && request.personKey() == null) {
            throw new IllegalArgumentException("a citizen account names its person (personKey)");
        }
        String password = request.password() == null || request.password().isBlank() ? AccountService.randomPassword() : request.password();
        if (role == Role.CITIZEN) {
            accounts.createCitizen(request.username(), password, request.displayName(), request.personKey());
        } else {
            accounts.createStaff(request.username(), password, role, request.displayName(), hospitalRole ? request.organization() : null,
                    hospitalRole ? request.department() : null);
        }
        ledger.record(LedgerEvent.permit("account.create").detail("account", request.username()).detail("accountRole", role.name()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", request.username());
        body.put("role", role.name());
        if (request.password() == null || request.password().isBlank()) {
            body.put("password", password);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    @GetMapping("/admin/accounts")
    List<AccountService.Account> list() {
        return accounts.all();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid account");
        return problem;
    }
}
