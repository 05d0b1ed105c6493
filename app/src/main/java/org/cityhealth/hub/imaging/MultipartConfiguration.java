package org.cityhealth.hub.imaging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Spring's multipart resolver treats every {@code multipart/*} body as a form and has the servlet container parse
 * it before any handler runs, which consumes a STOW-RS body ({@code multipart/related}, no form fields) and leaves
 * {@link DicomWebController} nothing to read. In strict servlet compliance it takes {@code multipart/form-data} only,
 * as the web forms send (the same as {@code spring.servlet.multipart.strict-servlet-compliance: true}).
 */
@Configuration(proxyBeanMethods = false)
class MultipartConfiguration {

    @Bean(name = DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    StandardServletMultipartResolver multipartResolver() {
        StandardServletMultipartResolver resolver = new StandardServletMultipartResolver();
        resolver.setStrictServletCompliance(true);
        return resolver;
    }
}
