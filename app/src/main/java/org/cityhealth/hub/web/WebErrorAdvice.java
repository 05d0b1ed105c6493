package org.cityhealth.hub.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * Renders "not found" of the UI pages as the styled error page. Limited to this package and placed before
 * the problem-details handler, which would otherwise answer a browser with JSON.
 */
@ControllerAdvice(basePackageClasses = WebErrorAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebErrorAdvice {

    @ExceptionHandler(PageNotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    ModelAndView notFound(PageNotFoundException e) {
        ModelAndView page = new ModelAndView("error", HttpStatus.NOT_FOUND);
        page.addObject("status", 404);
        return page;
    }
}
