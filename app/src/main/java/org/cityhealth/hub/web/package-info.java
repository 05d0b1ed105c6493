/**
 * The operator web UI: server-rendered Thymeleaf pages with htmx for partial updates and ECharts for the
 * dashboard. Chinese first with an English switch. It only reads through the public services of the other
 * modules (sources, vault, store, person index) and registers sources; it owns no data of its own.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web UI")
package org.cityhealth.hub.web;
