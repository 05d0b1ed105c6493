package org.cityhealth.hub.web;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import org.cityhealth.hub.access.AdminBootstrap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** The shell of the UI: sign-in, language, the pages and their headings, errors. */
class WebPagesTests extends WebTestSupport {

    @Autowired
    AdminBootstrap admin;

    @Test
    void loginPageIsChineseByDefaultWhateverTheBrowserPrefers() throws Exception {
        mvc.perform(get("/login").header(HttpHeaders.ACCEPT_LANGUAGE, "en-US,en;q=0.9"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(content().string(allOf(containsString("<html lang=\"zh-CN\""), containsString("全民健康数据中心"),
                        containsString("用户名"), containsString("name=\"_csrf\""), not(containsString("Sign in")))));
    }

    @Test
    void languageSwitchTurnsTheUiEnglishAndIsRemembered() throws Exception {
        Cookie language = mvc.perform(get("/login").param("lang", "en"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<html lang=\"en\""), containsString("Sign in"),
                        containsString("Username"), not(containsString("用户名")))))
                .andExpect(cookie().exists("cityhealth-lang"))
                .andReturn().getResponse().getCookie("cityhealth-lang");

        mvc.perform(get("/").with(operator()).cookie(language))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Overview"), containsString("Resources by type"))));
        mvc.perform(get("/").with(operator()).cookie(language).param("lang", "zh-CN"))
                .andExpect(content().string(containsString("按资源类型统计")));
    }

    @Test
    void loginPageExplainsAFailedLoginAndALogout() throws Exception {
        mvc.perform(get("/login").param("error", ""))
                .andExpect(content().string(containsString("用户名或密码错误")));
        mvc.perform(get("/login").param("logout", ""))
                .andExpect(content().string(allOf(containsString("您已安全退出"), not(containsString("用户名或密码错误")))));
    }

    @Test
    void pagesRedirectToLoginWithoutASession() throws Exception {
        for (String page : new String[] {"/", "/sources", "/vault", "/persons", "/persons/1", "/ui/api/overview"}) {
            mvc.perform(get(page)).andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("**/login"));
        }
    }

    @Test
    void theDemoAdminSignsInWithThePrintedPassword() throws Exception {
        mvc.perform(formLogin("/login").user("admin").password(admin.demoPassword()))
                .andExpect(redirectedUrl("/"))
                .andExpect(authenticated().withUsername("admin").withRoles("OPERATOR"));
        mvc.perform(formLogin("/login").user("admin").password("not-the-password"))
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());
    }

    @Test
    void signedInOperatorsAreSentFromTheLoginPageToTheDashboard() throws Exception {
        mvc.perform(get("/login").with(operator())).andExpect(redirectedUrl("/"));
    }

    @Test
    void everyPageRendersWithItsHeadingAndTheNavigation() throws Exception {
        String[][] pages = {{"/", "总览", "按资源类型统计"}, {"/sources", "数据来源", "登记新来源"}, {"/vault", "备份库", "起始日期"},
                {"/persons", "居民档案", "查找居民"}};
        for (String[] page : pages) {
            mvc.perform(get(page[0]).with(operator()))
                    .andExpect(status().isOk())
                    .andExpect(content().string(allOf(containsString("<h1>" + page[1] + "</h1>"), containsString(page[2]),
                            containsString("href=\"/fhir/metadata\""), containsString("action=\"/logout\""),
                            containsString("/css/hub.css"), containsString("admin"))));
        }
    }

    @Test
    void theOverviewLoadsItsChartsFromTheJsonEndpointWithoutInlineScripts() throws Exception {
        String html = mvc.perform(get("/").with(operator()))
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
                .andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(html)
                .contains("data-url=\"/ui/api/overview\"", "/js/overview.js")
                // webjars-locator-lite puts the version into the path: /webjars/echarts/5.5.0/echarts.min.js
                .containsPattern("src=\"/webjars/echarts/[0-9.]+/echarts\\.min\\.js\"")
                .containsPattern("src=\"/webjars/htmx\\.org/[0-9.]+/dist/htmx\\.min\\.js\"")
                // Every script tag loads a file: the CSP would block inline code.
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
    }

    @Test
    void staticAssetsAndWebjarsAreServedWithoutASession() throws Exception {
        for (String asset : new String[] {"/css/hub.css", "/js/hub.js", "/js/overview.js", "/js/person.js", "/img/logo.svg",
                "/webjars/htmx.org/dist/htmx.min.js", "/webjars/echarts/echarts.min.js"}) {
            mvc.perform(get(asset)).andExpect(status().isOk());
        }
    }

    @Test
    void anUnknownPersonIsAStyledNotFoundPage() throws Exception {
        mvc.perform(get("/persons/987654321").with(operator()).accept(MediaType.TEXT_HTML))
                .andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("页面不存在"), containsString("返回总览"),
                        not(containsString("Exception")))));
    }

    @Test
    void logoutNeedsAPostWithTheCsrfToken() throws Exception {
        // A browser asks for HTML; API clients asking for JSON get 204 from Spring Security instead.
        mvc.perform(post("/logout").with(operator()).with(csrf()).accept(MediaType.TEXT_HTML))
                .andExpect(redirectedUrl("/login?logout"));
    }
}
