package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.cityhealth.hub.access.AccountService;
import org.cityhealth.hub.access.Role;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.imaging.SampleStudies;
import org.cityhealth.hub.imaging.StowSender;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The clinical-access pages in a real Chromium against the running demo hub: every scenario signs in through the login
 * form, each person in their own browser profile, and clicks and types what a doctor, a privacy officer and a citizen
 * would. MockMvc cannot see what only a browser does: the Content-Security-Policy refusing an inline script, a form that
 * posts the wrong field, a confirm dialog, a QR code that does not render, so every browser's console must stay free of
 * errors (SEVERE entries), which is how a script or style the CSP blocks, a script error or a script that fails to load shows up.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver});
 * the driver is given explicitly so Selenium Manager never looks for one on the network. Without them the scenarios are skipped,
 * except under CI ({@code CI=true}), where a missing browser fails the build rather than hiding the UI tests.
 * Screenshots of the traffic light and the portal go to {@code target/screenshots/} for people to look at.
 */
class BrowserIT extends WebTestSupport {

    /** Debian's Chromium, the browser the CI machine installs; {@code -Dcityhealth.test.chromium=…} names another. */
    private static final String CHROMIUM = System.getProperty("cityhealth.test.chromium", "/usr/bin/chromium");
    /** Debian's chromedriver, of the same build as the browser; {@code -Dcityhealth.test.chromedriver=…} names another. */
    private static final String CHROMEDRIVER = System.getProperty("cityhealth.test.chromedriver", "/usr/bin/chromedriver");
    /**
     * Headless without a sandbox (CI runs as root in a container) and without the background traffic that a closed
     * network answers with a flood of refused connections: updates, sync, QUIC, first-run pages.
     */
    private static final List<String> CHROMIUM_FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1280,1400");
    /** Why a scenario is skipped outside CI. */
    private static final String NO_BROWSER = "Chromium or chromedriver missing (Debian: apt-get install -y chromium chromium-driver)";
    /** How long a page may take to show what a step waits for; pages answer in well under a second. */
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** How often a wait looks again; Selenium's half a second would add up to most of the class's time. */
    private static final Duration POLL = Duration.ofMillis(50);
    /** ECharts draws its charts in an animation of a second; a screenshot before its end shows half-grown bars. */
    private static final Duration CHART_ANIMATION = Duration.ofMillis(1200);
    private static final String PASSWORD = "browser-test-password";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Numbers this class's people and hospitals; far from the ranges the other web tests use on the shared hub. */
    private static final AtomicInteger PEOPLE = new AtomicInteger(900);

    @LocalServerPort
    int port;

    @Autowired
    AccountService accounts;

    @Autowired
    PersonIndex persons;

    /** The browsers a scenario opened; each is closed, and its console checked, after the scenario. */
    private final List<Browser> browsers = new ArrayList<>();

    /** Under CI a missing browser fails the class; elsewhere each scenario reports itself skipped ({@link #browserInstalled}). */
    @BeforeAll
    static void requireChromiumUnderCi() {
        if (!browserInstalled() && "true".equals(System.getenv("CI"))) {
            fail(NO_BROWSER + ": " + CHROMIUM + ", " + CHROMEDRIVER + "; CI=true, so the browser tests fail instead of skipping");
        }
    }

    static boolean browserInstalled() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    }

    @AfterEach
    void closeBrowsersAndCheckTheirConsoles() {
        List<String> errors = new ArrayList<>();
        for (Browser browser : browsers) {
            errors.addAll(browser.close());
        }
        browsers.clear();
        assertThat(errors).as("errors in the browser console (a script error or failed load, or a Content-Security-Policy violation)").isEmpty();
    }

    @Test
    @EnabledIf(value = "browserInstalled", disabledReason = NO_BROWSER)
    void anEmergencyDoctorBreaksTheGlassAndTheHospitalsPrivacyOfficerFindsItJustified() {
        City city = city("BE");
        String doctor = staff("er-" + city.c(), Role.EMERGENCY_DOCTOR, city.c());
        String officer = staff("po-" + city.c(), Role.PRIVACY_OFFICER, city.c());
        String why = "车祸送医" + city.n();

        Browser er = browser();
        assertThat(er.signIn(doctor)).isEqualTo("/clinic/emergency");
        er.type(By.name("residentId"), city.resident().value());
        er.submit(By.cssSelector("form.emergency-form button[type=submit]"));
        assertThat(er.visible(By.cssSelector(".alert-error")).getText()).contains("破窗必须填写理由");
        assertThat(er.driver.findElements(By.cssSelector(".traffic"))).isEmpty();
        assertThat(er.text()).doesNotContain("青霉素", "磺胺类", "赵临床");

        er.type(By.name("residentId"), city.resident().value());
        new Select(er.driver.findElement(By.name("reason"))).selectByVisibleText("患者昏迷，无法授权");
        er.type(By.name("reasonText"), why);
        er.submit(By.cssSelector("form.emergency-form button[type=submit]"));
        assertThat(er.visible(By.cssSelector(".traffic.light-red .traffic-lamp")).getSize().getWidth()).isPositive();
        assertThat(er.visible(By.cssSelector(".traffic-label")).getText()).contains("红灯");
        assertThat(er.visible(By.xpath("//*[contains(@class,'items-red')]//li[contains(., '青霉素')]")).isDisplayed()).isTrue();
        assertThat(er.text()).contains("磺胺类", "赵家属", "本次破窗已记录").doesNotContain("甲院血糖检查");
        er.screenshot("emergency-traffic-light");

        Browser privacy = browser();
        assertThat(privacy.signIn(officer)).isEqualTo("/privacy");
        By row = By.xpath("//tr[td[contains(., '" + why + "')]]");
        WebElement pending = privacy.visible(row);
        assertThat(pending.getText()).contains("患者昏迷，无法授权：" + why);
        assertThat(pending.findElements(By.cssSelector(".badge-ok"))).isEmpty();
        pending.findElement(By.name("note")).sendKeys("急诊抢救，理由充分");
        privacy.submit(pending.findElement(By.cssSelector("button[value=justified]")));
        assertThat(privacy.visible(By.cssSelector(".alert-ok")).getText()).contains("审查结果已保存");
        WebElement reviewed = privacy.visible(row);
        assertThat(reviewed.findElement(By.cssSelector(".badge.badge-ok")).getText()).isEqualTo("合理");
        assertThat(reviewed.getText()).contains("急诊抢救，理由充分");
        assertThat(reviewed.findElements(By.cssSelector("form.review-form"))).isEmpty();
    }

    @Test
    @EnabledIf(value = "browserInstalled", disabledReason = NO_BROWSER)
    void aCitizensInVisitCodeOpensTheOtherHospitalsRecordsToTheDoctor() {
        City city = city("BV");
        String doctor = staff("dr-" + city.c(), Role.DOCTOR, city.c());
        String citizen = citizen("me-" + city.n(), city);

        Browser workstation = browser();
        assertThat(workstation.signIn(doctor)).isEqualTo("/clinic");
        workstation.type(By.id("resident-id"), city.resident().value());
        workstation.submit(By.cssSelector("form.search button[type=submit]"));
        workstation.await(ExpectedConditions.urlContains("/clinic/patients/" + city.personKey()));
        assertThat(workstation.visible(By.cssSelector(".consent-needed h1")).getText()).isEqualTo("需要患者授权");
        assertThat(workstation.text()).doesNotContain("甲院血糖检查", "乙院血脂检查", "青霉素");

        Browser phone = browser();
        assertThat(phone.signIn(citizen)).isEqualTo("/my");
        phone.visible(By.cssSelector("#portal-chart-years svg"));
        phone.screenshot("portal-home", CHART_ANIMATION);
        phone.submit(By.cssSelector("button.portal-code-button"));
        String code = phone.visible(By.cssSelector("#visit-code .visit-code")).getText().strip();
        assertThat(code).matches("\\d{6}");
        WebElement qr = phone.visible(By.cssSelector("figure.code-qr svg"));
        assertThat(qr.getSize().getWidth()).isGreaterThan(100);
        assertThat(qr.findElements(By.cssSelector("path, rect"))).isNotEmpty();
        // portal.js counts the code down: the countdown showing proves the page's script ran under the CSP.
        phone.await(ExpectedConditions.textMatches(By.cssSelector("[data-field=remaining]"), java.util.regex.Pattern.compile("\\d\\d:\\d\\d")));
        phone.screenshot("portal-visit-code");

        workstation.type(By.cssSelector("form.visit-code input[name=code]"), code);
        workstation.submit(By.cssSelector("form.visit-code button[type=submit]"));
        assertThat(workstation.visible(By.cssSelector(".alert-ok")).getText()).contains("授权码有效");
        assertThat(workstation.driver.getCurrentUrl()).endsWith("/clinic/patients/" + city.personKey());
        assertThat(workstation.text()).contains("甲院血糖检查", "乙院血脂检查", "青霉素", "磺胺类").doesNotContain("需要患者授权");
    }

    @Test
    @EnabledIf(value = "browserInstalled", disabledReason = NO_BROWSER)
    void aHospitalsPacsAndHisFeedsReachTheWorkstationAndTheOperatorsFeedsPage() throws Exception {
        City city = city("BF");
        String hospital = "BFD" + city.n();
        String token = sources.register(new NewSource(hospital, "丁医院" + city.n(), "三级甲等", "余杭区", "HOSPITAL")).token();
        String boundary = "b" + city.n();
        byte[] study = StowSender.multipart(boundary, SampleStudies.chestCt("browser-" + city.n(), city.resident().value(), "=赵影像", "20261120", 2, 96));
        assertThat(post(token, "/dicomweb/studies", "multipart/related; type=\"application/dicom\"; boundary=" + boundary, study)).isEqualTo(200);
        String broken = "MSH|^~\\&|HIS|" + hospital + "|CITYHEALTH|HUB|20261120090000+0800||ADT^A99|BF" + city.n() + "|P|2.5.1\r";
        assertThat(post(token, "/ingest/hl7v2", "x-application/hl7-v2+er7", broken.getBytes(StandardCharsets.UTF_8))).isEqualTo(400);

        Browser workstation = browser();
        assertThat(workstation.signIn(staff("dr-" + hospital, Role.DOCTOR, hospital))).isEqualTo("/clinic");
        workstation.type(By.id("resident-id"), city.resident().value());
        workstation.submit(By.cssSelector("form.search button[type=submit]"));
        workstation.await(ExpectedConditions.urlContains("/clinic/patients/" + city.personKey()));
        WebElement preview = workstation.visible(By.cssSelector("td.imaging-preview img"));
        workstation.await(driver -> ((Number) ((JavascriptExecutor) driver).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", preview)).intValue() == 96);
        workstation.screenshot("workstation-imaging-preview");

        Browser operations = browser();
        operations.signIn(staff("op-" + hospital, Role.OPERATOR, null));
        // The operators' person page lists the same study with its thumbnail, served under the operator's own access decision.
        operations.open("/persons/" + city.personKey());
        WebElement listed = operations.visible(By.cssSelector("#imaging td.imaging-preview img"));
        operations.await(driver -> ((Number) ((JavascriptExecutor) driver).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", listed)).intValue() == 96);
        assertThat(operations.visible(By.cssSelector("#imaging")).getText()).contains("丁医院" + city.n());
        operations.screenshot("person-imaging-preview");
        operations.open("/sources/" + hospital + "/feeds");
        assertThat(operations.visible(By.cssSelector("#feed-volumes tr[data-format=DICOM]")).getText()).contains("DICOM 影像");
        assertThat(operations.visible(By.cssSelector("#feed-rejections")).getText()).contains("HL7 v2", "ADT^A99");
        operations.screenshot("source-feeds");
    }

    private int post(String token, String path, String contentType, byte[] body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    @EnabledIf(value = "browserInstalled", disabledReason = NO_BROWSER)
    void theCitizenGrantsAHospitalAccessInThePortalAndRevokesIt() {
        City city = city("BC");
        String citizen = citizen("mc-" + city.n(), city);
        String hospital = "丙医院" + city.n();

        Browser phone = browser();
        assertThat(phone.signIn(citizen)).isEqualTo("/my");
        phone.submit(By.xpath("//nav//a[.='授权管理']"));
        phone.await(ExpectedConditions.urlContains("/my/consents"));
        assertThat(phone.driver.findElements(By.cssSelector("tr[data-consent]"))).isEmpty();

        // The form starts as "a hospital, all non-sensitive data, for thirty days": choosing the hospital is all it takes.
        new Select(phone.driver.findElement(By.cssSelector("#grant select[name=hospital]"))).selectByValue(city.c());
        assertThat(phone.driver.findElement(By.cssSelector("#grant input[name=kind][value=ORGANIZATION]")).isSelected()).isTrue();
        assertThat(phone.driver.findElement(By.cssSelector("#grant input[name=data][value=ALL]")).isSelected()).isTrue();
        phone.submit(By.cssSelector("#grant button[type=submit]"));
        assertThat(phone.visible(By.cssSelector(".alert-ok")).getText()).contains("已授权给 " + hospital);
        By consent = By.xpath("//tr[@data-consent][td[contains(., '" + city.c() + "')]]");
        assertThat(phone.visible(consent).getDomAttribute("data-state")).isEqualTo("IN_FORCE");
        assertThat(phone.visible(consent).findElement(By.cssSelector(".badge")).getText()).isEqualTo("生效中");

        // Revoking asks first (portal.js): cancelling keeps the consent, confirming ends it at once.
        phone.driver.findElement(consent).findElement(By.cssSelector("form button[type=submit]")).click();
        phone.await(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(phone.visible(consent).getDomAttribute("data-state")).isEqualTo("IN_FORCE");
        phone.confirm(phone.driver.findElement(consent).findElement(By.cssSelector("form button[type=submit]")));
        assertThat(phone.visible(By.cssSelector(".alert-ok")).getText()).contains("已撤销对 " + hospital + " 的授权");
        WebElement revoked = phone.visible(consent);
        assertThat(revoked.getDomAttribute("data-state")).isEqualTo("REVOKED");
        assertThat(revoked.findElement(By.cssSelector(".badge")).getText()).isEqualTo("已撤销");
        assertThat(revoked.findElements(By.cssSelector("form"))).isEmpty();
    }

    /** The console check above is only worth something if it sees a violation: here the CSP refuses an inline script. */
    @Test
    @EnabledIf(value = "browserInstalled", disabledReason = NO_BROWSER)
    void theConsoleCheckSeesAnInlineScriptTheContentSecurityPolicyRefuses() {
        Browser browser = browser();
        browser.open("/login");
        ((JavascriptExecutor) browser.driver).executeScript(
                "var s = document.createElement('script'); s.textContent = 'window.inlineRan = true;'; document.head.appendChild(s);");
        assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.inlineRan === true;")).isEqualTo(false);
        assertThat(browser.consoleErrors()).anySatisfy(error -> assertThat(error).contains("Content Security Policy"));
    }

    // --- the city: one person known at hospitals A and B, and a hospital C that knows nothing of them ---

    private record City(int n, String a, String b, String c, ResidentId resident, long personKey) {
    }

    private City city(String prefix) {
        int n = PEOPLE.incrementAndGet();
        String a = prefix + "A" + n;
        String b = prefix + "B" + n;
        String c = prefix + "C" + n;
        String tokenA = sources.register(new NewSource(a, "甲医院" + n, "三级甲等", "余杭区", "HOSPITAL")).token();
        String tokenB = sources.register(new NewSource(b, "乙医院" + n, "二级甲等", "余杭区", "HOSPITAL")).token();
        sources.register(new NewSource(c, "丙医院" + n, "二级甲等", "余杭区", "HOSPITAL"));
        ResidentId resident = ResidentId.of("330110", LocalDate.of(1966, 1, 1).plusDays(n), n);
        try {
            submit(tokenA, WebClinicTests.record(a.toLowerCase() + "-p", resident, "青霉素", "甲院血糖检查", "2025-02-01T08:00:00+08:00"));
            submit(tokenB, WebClinicTests.record(b.toLowerCase() + "-p", resident, "磺胺类", "乙院血脂检查", "2025-06-01T08:00:00+08:00"));
        } catch (Exception e) {
            throw new IllegalStateException("could not send the hospitals' records", e);
        }
        return new City(n, a, b, c, resident, persons.personByResidentId(resident).orElseThrow());
    }

    private String staff(String username, Role role, String organization) {
        String name = username.toLowerCase();
        accounts.createStaff(name, PASSWORD, role, "医生" + name, organization, "急诊科");
        return name;
    }

    private String citizen(String username, City city) {
        accounts.createCitizen(username, PASSWORD, "赵急诊", city.personKey());
        return username;
    }

    private Browser browser() {
        Browser browser = new Browser();
        browsers.add(browser);
        return browser;
    }

    /** A Chromium of its own (a fresh profile, so no cookie is shared) with its console log kept for the check. */
    private final class Browser {

        final ChromeDriver driver;
        private final Path profile;
        private final WebDriverWait wait;

        Browser() {
            try {
                profile = Files.createTempDirectory("cityhealth-chromium-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments(CHROMIUM_FLAGS);
            options.addArguments("--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            // A chromedriver per browser: quitting a session stops the service it was started with.
            driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build(),
                    options);
            driver.manage().timeouts().pageLoadTimeout(WAIT);
            wait = new WebDriverWait(driver, WAIT, POLL);
        }

        void open(String path) {
            driver.get("http://localhost:" + port + path);
        }

        /** Signs in through the login form; returns the path the hub sent this person to. */
        String signIn(String username) {
            open("/login");
            type(By.name("username"), username);
            type(By.name("password"), PASSWORD);
            submit(By.cssSelector("form.login-form button[type=submit]"));
            await(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
            await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("header.topbar")));
            return java.net.URI.create(driver.getCurrentUrl()).getPath();
        }

        void type(By field, String text) {
            WebElement input = visible(field);
            input.clear();
            input.sendKeys(text);
        }

        void submit(By button) {
            submit(visible(button));
        }

        /** Clicks and waits for the page the click leads to. */
        void submit(WebElement button) {
            WebElement html = driver.findElement(By.tagName("html"));
            button.click();
            loaded(html);
        }

        /** Clicks a button that asks first, says yes, and waits for the page it leads to. */
        void confirm(WebElement button) {
            WebElement html = driver.findElement(By.tagName("html"));
            button.click();
            await(ExpectedConditions.alertIsPresent()).accept();
            loaded(html);
        }

        private void loaded(WebElement before) {
            await(ExpectedConditions.stalenessOf(before));
            await(page -> "complete".equals(((JavascriptExecutor) page).executeScript("return document.readyState")));
        }

        WebElement visible(By element) {
            return await(ExpectedConditions.visibilityOfElementLocated(element));
        }

        <T> T await(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
            return wait.until(condition);
        }

        /** The page's text as a reader sees it, hidden parts excluded. */
        String text() {
            return driver.findElement(By.tagName("body")).getText();
        }

        void screenshot(String name) {
            screenshot(name, Duration.ZERO);
        }

        /** A screenshot after the page's animations have had their time; for people to look at, never asserted on. */
        void screenshot(String name, Duration settle) {
            try {
                Thread.sleep(settle);
                Files.createDirectories(SCREENSHOTS);
                Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted before a screenshot", e);
            }
        }

        /** The console's errors since the last call, each with the page it came from; a missing favicon is not one. */
        List<String> consoleErrors() {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .filter(message -> !message.contains("favicon"))
                    .toList();
        }

        /** Quits the browser and deletes its profile; returns the console errors not yet read. */
        List<String> close() {
            try {
                return consoleErrors();
            } finally {
                driver.quit();
                deleteProfile();
            }
        }

        private void deleteProfile() {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // A temporary directory left behind is not worth failing a test for.
            }
        }
    }
}
